import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { en, es } from '@marketshare/web/dictionaries';
import { fmt as fill } from '@marketshare/web/template';
import { SCREENSHOTS, journey, launch, png } from './browser.js';
import { MAX_DISCOUNT, MAX_PRICE } from '@marketshare/contracts';
import { BASE_URL } from './env.js';
import { api, createProduct, signUp } from './gateway-api.js';

// Issue #14's layout items, measured in Chromium: the profile in sections of their own (each page under a desktop
// limit, the one-page profile's links still landing), whole product cards as one link and catalog rows that fill,
// order cards that use a desktop's width and stay compact on a phone, and the catalog's filters folded on a phone.

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const TIMEOUT = 180_000;
// Under two desktop screens (2 × 900 px) with the header and footer; the one-page profile was 2,538 px for a buyer.
const PROFILE_PAGE_LIMIT = 1_600;
const CATALOG_PAGE = 12;

type Account = Awaited<ReturnType<typeof signUp>>;
let browser: Browser;
let seller: Account;
/** The seller's products, newest (the catalog's first card, the one with an image) last. */
const products: { id: number; name: string }[] = [];

beforeAll(async () => {
  browser = await launch();
  seller = await signUp('layout', 'seller', 'es', 'Layout SA');
  // one more than a catalog page holds, so the seller's first page is a full one
  for (let i = 1; i <= CATALOG_PAGE + 1; i++) {
    const name = `Layout lamp ${i}`;
    const id = await createProduct(seller.token, { name, description: 'A lamp for the layout checks', price: 10_000 + i, discount: 10, stock: 50, specialFeatures: ['garantia'] });
    products.push({ id, name });
  }
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png([30, 120, 200]))], { type: 'image/png' }), 'lamp.png');
  const image = await fetch(`${BASE_URL}/api/products/${products.at(-1)!.id}/images`, {
    method: 'POST', headers: { authorization: `Bearer ${seller.token}` }, body: form,
  });
  expect(image.status).toBe(201);
}, TIMEOUT);
afterAll(async () => { await browser?.close(); });

const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

describe.each([['en', en], ['es', es]] as const)('the profile in sections (%s)', (lang, t) => {
  const sections = [
    { path: '/profile', name: t.profileSections.overview, heading: t.profile.metrics },
    { path: '/profile/wallet', name: t.profileSections.wallet, heading: t.profileSections.latest },
    { path: '/profile/statement', name: t.profileSections.statement, heading: t.wallet.statement },
    { path: '/profile/settings', name: t.profileSections.settings, heading: t.profile.password },
  ];

  test.each(['consumer', 'seller'] as const)('a %s reaches each section from the others, and none is over the limit on a desktop', { timeout: TIMEOUT }, async (role) => {
    const person = await signUp('sections', role, lang);
    await journey(browser, lang, `profile-sections-${role}`, async ({ page }) => {
      await page.setViewportSize(DESKTOP);
      await page.goto('/profile');
      const nav = page.getByRole('navigation', { name: t.profileSections.label });
      const heights: string[] = [];
      for (const section of sections) {
        await nav.getByRole('link', { name: section.name, exact: true }).click();
        await page.waitForURL((u) => u.pathname === section.path);
        await page.getByRole('heading', { name: section.heading, level: 2 }).waitFor();
        // the section shown is the one marked, and only it
        await expect(nav.locator('[aria-current="page"]').allInnerTexts()).resolves.toEqual([section.name]);
        const height = await pageHeight(page);
        heights.push(`${section.path} ${height}px`);
        expect(height, section.path).toBeLessThanOrEqual(PROFILE_PAGE_LIMIT);
      }
      console.log(`${lang} ${role} profile at ${DESKTOP.width}×${DESKTOP.height}: ${heights.join(', ')}`);
      // the wallet holds what the one page held: a consumer adds funds there, and anyone withdraws
      await page.goto('/profile/wallet');
      await expect(page.getByRole('heading', { name: t.profile.funds, level: 2 }).count()).resolves.toBe(role === 'consumer' ? 1 : 0);
      await expect(page.getByRole('heading', { name: t.wallet.withdraw, level: 2 }).count()).resolves.toBe(1);
    }, { accessToken: person.token });
  });

  test('the sections are plain links: they work without JavaScript', { timeout: TIMEOUT }, async () => {
    const person = await signUp('nojs', 'consumer', lang);
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: DESKTOP, javaScriptEnabled: false });
    try {
      await context.addCookies([{ name: 'ms_lang', value: lang, url: BASE_URL }, { name: 'ms_access', value: person.token, url: BASE_URL }]);
      const page = await context.newPage();
      await page.goto('/profile');
      await page.getByRole('navigation', { name: t.profileSections.label }).getByRole('link', { name: t.profileSections.settings, exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/profile/settings');
      await page.getByRole('heading', { name: t.profile.edit, level: 2 }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('the one-page profile\'s links land where their part is now: /profile#funds on the add-funds form', { timeout: TIMEOUT }, async () => {
    const buyer = await signUp('moved', 'consumer', lang);
    await journey(browser, lang, 'moved-anchors', async ({ page }) => {
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await page.goto('/profile#funds');
        await page.waitForURL((u) => u.pathname === '/profile/wallet' && u.hash === '#funds');
        const amount = page.getByLabel(t.profile.amount, { exact: true });
        await amount.waitFor();
        // the form is what is shown, below the sticky header
        const header = (await page.locator('.site-header').boundingBox())!;
        await expect.poll(async () => (await page.getByRole('heading', { name: t.profile.funds, level: 2 }).boundingBox())?.y ?? -1)
          .toBeGreaterThanOrEqual(header.y + header.height);
        expect((await amount.boundingBox())!.y).toBeLessThan(viewport.height);
      }
      await page.goto('/profile#edit-title');
      await page.waitForURL((u) => u.pathname === '/profile/settings' && u.hash === '#edit-title');
      await page.getByLabel(t.profile.email, { exact: true }).waitFor();
    }, { accessToken: buyer.token });
  });
});

test('a product card is one link, the product\'s name, and every part of it leads to the product', { timeout: TIMEOUT }, async () => {
  const newest = products.at(-1)!;
  await journey(browser, 'es', 'card-link', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`/?sellerId=${seller.id}`);
    const card = page.locator('ul.cards article').first();
    await card.scrollIntoViewIfNeeded();
    const focusable = card.locator('a[href], button, input, select, textarea, [tabindex]');
    await expect(focusable.count()).resolves.toBe(1);
    await expect(card.getByRole('link', { name: newest.name, exact: true }).getAttribute('href')).resolves.toBe(`/products/${newest.id}`);
    // what a pointer meets at the middle of each part: the card's link, whatever the part paints
    const parts = await card.evaluate((article) => Array.from(article.querySelectorAll('img, .stars, .price, .chip, .icon, time')).map((part) => {
      const box = part.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return { part: part.className || part.tagName, link: hit?.closest('a')?.getAttribute('href') ?? null };
    }));
    expect(parts.length).toBeGreaterThanOrEqual(6);
    for (const p of parts) expect(p, p.part).toEqual({ part: p.part, link: `/products/${newest.id}` });
    // a click on the picture (the mouse's own: the link above it is what receives it)
    const picture = (await card.locator('img').boundingBox())!;
    await page.mouse.click(picture.x + picture.width / 2, picture.y + picture.height / 2);
    await page.waitForURL((u) => u.pathname === `/products/${newest.id}`);
  });
});

test('a full page of the catalog and of a storefront fills its last row', { timeout: TIMEOUT }, async () => {
  await journey(browser, 'es', 'full-rows', async ({ page }) => {
    const rows = () => page.locator('ul.cards > li').evaluateAll((items) => {
      const perRow = new Map<number, number>();
      for (const item of items) {
        const top = Math.round(item.getBoundingClientRect().top);
        perRow.set(top, (perRow.get(top) ?? 0) + 1);
      }
      return [...perRow.values()];
    });
    for (const path of [`/?sellerId=${seller.id}`, `/sellers/${seller.id}`]) {
      await page.goto(path);
      await page.locator('ul.cards > li').nth(CATALOG_PAGE - 1).waitFor();
      for (const viewport of [DESKTOP, { width: 1024, height: 768 }, { width: 800, height: 900 }, PHONE]) {
        await page.setViewportSize(viewport);
        const counts = await rows();
        expect(counts.reduce((a, b) => a + b, 0)).toBe(CATALOG_PAGE);
        // as many in the last row as in the first, and more than one a row
        expect(counts[0], `${path} at ${viewport.width}px: ${counts.join(', ')}`).toBeGreaterThan(1);
        expect(counts.every((n) => n === counts[0]), `${path} at ${viewport.width}px: ${counts.join(', ')}`).toBe(true);
      }
    }
  });
});

test('order cards use the width of a desktop and stay compact on a phone', { timeout: TIMEOUT }, async () => {
  const buyer = await signUp('cards', 'consumer', 'es');
  expect((await api('POST', '/api/users/me/funds', { token: buyer.token, json: { amount: 1_000_000 } })).status).toBe(200);
  for (const product of products.slice(0, 3)) {
    const order = await api('POST', '/api/orders', { token: buyer.token, json: { productId: product.id, quantity: 2, color: 'gris' } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
  }
  await journey(browser, 'es', 'order-cards', async ({ page }) => {
    // how far each card's facts reach across it (the right edge of the text of its values), and its height
    const measure = () => page.locator('li.order-card').evaluateAll((cards) => cards.map((card) => {
      const box = card.getBoundingClientRect();
      let right = box.left;
      for (const value of Array.from(card.querySelectorAll('dd'))) {
        const text = document.createRange();
        text.selectNodeContents(value);
        right = Math.max(right, text.getBoundingClientRect().right);
      }
      return { reach: (right - box.left) / box.width, height: box.height, beyondScreen: box.right > document.documentElement.clientWidth };
    }));
    await page.setViewportSize(DESKTOP);
    await page.goto('/orders');
    await page.locator('li.order-card').nth(2).waitFor();
    const desktop = await measure();
    await page.screenshot({ path: `${SCREENSHOTS}layout-orders-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    const phone = await measure();
    await page.screenshot({ path: `${SCREENSHOTS}layout-orders-phone.png`, fullPage: true });
    console.log(`order cards: ${DESKTOP.width}px reach ${desktop.map((c) => `${Math.round(c.reach * 100)}%/${c.height}px`).join(' ')}; `
      + `${PHONE.width}px ${phone.map((c) => `${c.height}px`).join(' ')}`);
    expect(desktop).toHaveLength(3);
    for (const card of desktop) expect(card.reach).toBeGreaterThanOrEqual(0.8);
    // a phone shows at least two orders a screen, none wider than it
    for (const card of phone) {
      expect(card.beyondScreen).toBe(false);
      expect(card.height).toBeLessThanOrEqual(PHONE.height / 2);
    }
  }, { accessToken: buyer.token });
});

test('on a phone the catalog\'s filters fold away: products on the first screen, the filters a tap away', { timeout: TIMEOUT }, async () => {
  const t = es;
  await journey(browser, 'es', 'phone-filters', async ({ page }) => {
    await page.setViewportSize(PHONE);
    // a guest (the welcome panel too) with one filter applied
    await page.goto('/?inStock=1');
    const card = page.locator('ul.cards article').first();
    await card.waitFor();
    const top = (await card.boundingBox())!.y;
    console.log(`phone catalog, filters folded: the first card's top at ${Math.round(top)}px of ${PHONE.height}`);
    expect(top).toBeLessThanOrEqual(PHONE.height);
    // folded, the filters say how many apply
    const summary = page.locator('.filters summary');
    await expect(summary.innerText()).resolves.toBe(fill(t.filtersFold.active, { n: 1 }));
    const category = page.getByLabel(t.catalog.category, { exact: true });
    await expect(category.isVisible()).resolves.toBe(false);
    await expect(page.getByLabel(t.catalog.search, { exact: true }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}layout-phone-filters-folded.png` });

    await summary.click();
    await expect(category.isVisible()).resolves.toBe(true);
    await expect(page.getByLabel(t.catalog.inStock).isChecked()).resolves.toBe(true);
    // a choice made in the open filters applies, and they stay open
    await category.selectOption('oficinas');
    await page.waitForURL((u) => u.searchParams.get('category') === 'oficinas');
    await expect.poll(() => summary.innerText()).toBe(fill(t.filtersFold.active, { n: 2 }));
    await expect(category.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}layout-phone-filters-open.png` });

    // a desktop shows every filter, with no disclosure to open
    await page.setViewportSize(DESKTOP);
    await page.goto('/?inStock=1');
    await expect(summary.isVisible()).resolves.toBe(false);
    await expect(category.isVisible()).resolves.toBe(true);
  });
});

test('a product\'s name takes one line of a table on a desktop and two on a phone, however long, and its whole name is its title', { timeout: TIMEOUT }, async () => {
  const owner = await signUp('longname', 'seller', 'es', 'Nombres SA');
  // 120 characters, the most a name may have, with a word no line can hold
  const name = `Lámpara ${'X'.repeat(60)} de escritorio con brazo articulado y luz cálida regulable`.slice(0, 120);
  await createProduct(owner.token, { name });
  await journey(browser, 'es', 'long-name-table', async ({ page }) => {
    for (const path of ['/profile', '/products/mine']) {
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await page.goto(path);
        const link = page.locator('table.data').getByRole('link', { name, exact: true });
        await expect(link.getAttribute('title')).resolves.toBe(name);
        const { lines, beyondScreen } = await link.evaluate((a) => {
          const box = a.getBoundingClientRect();
          return { lines: box.height / parseFloat(getComputedStyle(a).lineHeight), beyondScreen: box.right > document.documentElement.clientWidth };
        });
        expect(lines, `${path} at ${viewport.width}px`).toBeLessThanOrEqual(viewport === PHONE ? 2.05 : 1.05);
        expect(beyondScreen, `${path} at ${viewport.width}px`).toBe(false);
      }
    }
  }, { accessToken: owner.token });
});

// A fresh buyer's overview lists the marketplace's ten best-rated products, whatever earlier tests or sellers made of
// them. Here a seller's overview holds ten of the widest rows there can be (the longest name and category label, the
// highest price with the highest discount, none left), so a page of rows keeps its height in each language.
test.each(['en', 'es'] as const)('ten of the widest rows take one line each on a desktop (%s)', { timeout: TIMEOUT }, async (lang) => {
  const owner = await signUp('widerows', 'seller', lang, 'Filas Anchas SA');
  const category = lang === 'es' ? 'pequenios_dispositivos' : 'prendas_moda';
  for (let i = 0; i < 10; i++) {
    await createProduct(owner.token, { name: `Wide row ${i} ${'W'.repeat(120)}`.slice(0, 120), category, price: MAX_PRICE, discount: MAX_DISCOUNT, stock: 0 });
  }
  await journey(browser, lang, `wide-rows-${lang}`, async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/profile');
    const rows = page.locator('table.data tbody tr');
    await rows.nth(9).waitFor();
    const { heights, line, beyond } = await rows.first().evaluate((first) => {
      const all = Array.from(first.parentElement!.children) as HTMLElement[];
      return {
        heights: all.map((row) => row.getBoundingClientRect().height),
        line: parseFloat(getComputedStyle(first.querySelector('td')!).lineHeight),
        beyond: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      };
    });
    console.log(`${lang} widest rows at ${DESKTOP.width}px: ${heights.map(Math.round).join(', ')} px (a line is ${line} px)`);
    // one line and the cell's padding (and a pill's own), never two lines
    for (const h of heights) expect(h).toBeLessThan(2 * line);
    expect(beyond).toBe(false);
    expect(await pageHeight(page)).toBeLessThanOrEqual(PROFILE_PAGE_LIMIT);
  }, { accessToken: owner.token });
});
