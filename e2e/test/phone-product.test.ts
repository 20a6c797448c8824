import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createApiClient, productsApi, usersApi } from '@marketshare/contracts';
import { en, es } from '@marketshare/web/dictionaries';
import { fmt as fill } from '@marketshare/web/template';
import { journey, launch, png } from './browser.js';
import { BASE_URL } from './env.js';
import { signUp } from './gateway-api.js';

// The product page on a phone (390×844), as the issue about the web app a person trusts asks: a buy bar docked at the
// foot of the screen (price and the viewer's one action) that never covers the page, and a real full-screen image
// viewer: swipe and arrow keys, a counter, Escape back to the image. At a desktop's width the bar is absent.

const PHONE = { width: 390, height: 844 };
const TIMEOUT = 240_000;
const api = createApiClient({ baseUrl: BASE_URL });
const money = { en: new Intl.NumberFormat('en-AR', { style: 'currency', currency: 'ARS' }), es: new Intl.NumberFormat('es-AR', { style: 'currency', currency: 'ARS' }) };
let browser: Browser;
let seller: Awaited<ReturnType<typeof signUp>>;
let buyer: Awaited<ReturnType<typeof signUp>>;
const as = (who: { token: string }) => ({ authorization: `Bearer ${who.token}` });

/** A product of the seller's with one 800 px square image of each colour (larger than the page shows it inline). */
async function newProduct(name: string, price: number, stock: number, colours: [number, number, number][]) {
  const { id } = await api.call(productsApi.create, {
    ...as(seller),
    body: { name, description: 'A lamp to look at closely', category: 'oficinas', price, stock, features: { text: 'Bright' } },
  });
  if (colours.length) {
    const form = new FormData();
    for (const rgb of colours) form.append('file', new Blob([new Uint8Array(png(rgb, 800))], { type: 'image/png' }), 'lamp.png');
    expect((await api.send(productsApi.uploadImages, { ...as(seller), params: { id }, query: {}, body: form })).status).toBe(201);
  }
  return api.call(productsApi.get, { params: { id } });
}

let lamp: Awaited<ReturnType<typeof newProduct>>;
beforeAll(async () => {
  browser = await launch();
  [seller, buyer] = await Promise.all([signUp('phoneprod', 'seller', 'en'), signUp('phoneprod', 'consumer', 'en')]);
  await api.call(usersApi.addFunds, { ...as(buyer), body: { amount: 1_000_000 } });
  lamp = await newProduct('Phone lamp', 12_500, 9, [[200, 60, 60], [60, 120, 200], [60, 160, 90]]);
});
afterAll(async () => { await browser?.close(); });

const barOf = (page: Page, t: typeof en) => page.getByRole('region', { name: t.productPhone.bar });
const box = (l: Locator) => l.evaluate((el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, width: r.width, height: r.height }; });
const toEnd = (page: Page) => page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
/** The product's page on a phone, scrolled to its end; its buy bar. */
async function atTheEnd(page: Page, id: number, t: typeof en) {
  await page.setViewportSize(PHONE);
  await page.goto(`/products/${id}`);
  await toEnd(page);
  return barOf(page, t);
}

describe('the buy bar', () => {
  test('docks a guest’s price and sign-in link once the buy box is out of view, and ends the page above itself', { timeout: TIMEOUT }, async () => {
    await journey(browser, 'es', 'phone-bar-guest', async ({ page }) => {
      await page.setViewportSize(PHONE);
      await page.goto(`/products/${lamp.id}`);
      const bar = barOf(page, es);
      const inline = page.getByRole('link', { name: es.product.loginToBuy, exact: true });
      await inline.scrollIntoViewIfNeeded();
      await expect.poll(() => bar.isVisible()).toBe(false); // the buy box itself is in view: no second one
      await toEnd(page);
      await expect.poll(() => bar.isVisible()).toBe(true);
      await expect(bar.textContent()).resolves.toContain(money.es.format(125));

      // once it has slid in, it stands on the foot of the screen
      await expect.poll(async () => (await box(bar)).bottom).toBeLessThanOrEqual(PHONE.height);
      const b = await box(bar);
      const action = bar.getByRole('link', { name: es.productPhone.loginToBuy, exact: true });
      expect(b.top).toBeGreaterThan(PHONE.height / 2);
      expect((await box(action)).height).toBeGreaterThanOrEqual(44);
      // scrolled to the end, the page's last content (the footer) ends above the bar: the body's padding is the bar's height
      const footer = await box(page.locator('.site-footer'));
      expect(footer.bottom).toBeLessThanOrEqual(b.top + 0.5);
      const padding = await page.evaluate(() => parseFloat(getComputedStyle(document.body).paddingBottom));
      expect(Math.abs(padding - b.height)).toBeLessThan(1);

      await action.click();
      await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === `/products/${lamp.id}`);
    });
  });

  test('opens a consumer’s buy dialog with the quantity chosen, from the page every consumer shares', { timeout: TIMEOUT }, async () => {
    await journey(browser, 'en', 'phone-bar-consumer', async ({ page }) => {
      await page.setViewportSize(PHONE);
      const res = await page.goto(`/products/${lamp.id}`);
      // the shared render, filled with this person's name and balance: the bar is part of what every consumer shares
      expect(res!.headers()['x-personal-page']).toBe('composed');
      await page.getByRole('button', { name: en.product.increase }).click();
      await toEnd(page);
      const bar = barOf(page, en);
      await expect.poll(() => bar.isVisible()).toBe(true);
      await expect(bar.textContent()).resolves.toContain(money.en.format(250));
      await bar.getByRole('button', { name: en.product.buy }).click();
      const dialog = page.getByRole('dialog', { name: en.product.confirmTitle });
      await dialog.waitFor();
      await expect(dialog.textContent()).resolves.toContain(`${lamp.name} (x2)`);
      await dialog.getByRole('button', { name: en.product.confirm }).click();
      await page.getByRole('link', { name: en.product.viewOrders }).waitFor(); // shown once the order is placed
    }, { accessToken: buyer.token });
  });

  test('says so when the product is out of stock, and offers its seller the edit instead', { timeout: TIMEOUT }, async () => {
    const gone = await newProduct('Sold out lamp', 5_000, 0, []);
    await journey(browser, 'en', 'phone-bar-out', async ({ page }) => {
      const button = (await atTheEnd(page, gone.id, en)).getByRole('button', { name: en.product.outOfStock });
      await button.waitFor();
      await expect(button.isDisabled()).resolves.toBe(true);
    }, { accessToken: buyer.token });
    await journey(browser, 'en', 'phone-bar-seller', async ({ page }) => {
      const edit = (await atTheEnd(page, lamp.id, en)).getByRole('link', { name: en.product.modify });
      await edit.waitFor();
      await edit.click();
      await page.waitForURL(`**/products/${lamp.id}/edit`);
    }, { accessToken: seller.token });
  });

  test('is absent at a desktop’s width', { timeout: TIMEOUT }, async () => {
    await journey(browser, 'en', 'phone-bar-desktop', async ({ page }) => {
      await page.goto(`/products/${lamp.id}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await toEnd(page);
      await expect(barOf(page, en).count()).resolves.toBe(0); // not shown, so not in the accessibility tree either
      await expect(page.locator('.buy-bar').evaluate((el) => getComputedStyle(el).display)).resolves.toBe('none');
      await expect(page.evaluate(() => getComputedStyle(document.body).paddingBottom)).resolves.toBe('0px');
    }, { accessToken: buyer.token });
  });
});

describe('the image viewer', () => {
  /** Drags a finger across the screen from x0 to x1 at mid-height, as a person swipes. */
  async function swipe(page: Page, x0: number, x1: number) {
    const cdp = await page.context().newCDPSession(page);
    const y = PHONE.height / 2;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
    for (let i = 1; i <= 8; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + ((x1 - x0) * i) / 8, y }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  test('shows the image full screen, moves by swipe and arrow keys with a counter, and gives focus back on Escape', { timeout: TIMEOUT }, async () => {
    await journey(browser, 'es', 'phone-viewer', async ({ page }) => {
      await page.setViewportSize(PHONE);
      const fetched: string[] = [];
      page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
      await page.goto(`/products/${lamp.id}`);
      const opener = page.getByRole('button', { name: fill(es.product.enlarge, { n: 1 }) });
      const inlineWidth = (await box(opener.locator('img'))).width;
      await opener.click();
      const viewer = page.getByRole('dialog', { name: lamp.name });
      await viewer.waitFor();
      const counter = (n: number) => viewer.getByText(fill(es.productPhone.counter, { n, total: 3 }), { exact: true });
      await counter(1).waitFor();
      const image = viewer.getByRole('img');
      const shown = await box(image);
      expect(shown.width).toBeGreaterThanOrEqual(PHONE.width * 0.9);
      expect(shown.width).toBeGreaterThan(inlineWidth);
      await expect(image.getAttribute('src')).resolves.toBe(lamp.images[0]!.url); // the full size, not the thumbnail
      // both neighbours are fetched ahead, before anyone asks for them
      await expect.poll(() => [lamp.images[1]!.url, lamp.images[2]!.url].every((u) => fetched.includes(u))).toBe(true);

      await swipe(page, 320, 80);
      await counter(2).waitFor();
      await expect(image.getAttribute('src')).resolves.toBe(lamp.images[1]!.url);
      await swipe(page, 100, 330);
      await counter(1).waitFor();
      await swipe(page, 200, 180); // too short to count
      await page.keyboard.press('ArrowLeft');
      await counter(3).waitFor();
      await page.keyboard.press('ArrowRight');
      await counter(1).waitFor();
      await viewer.getByRole('button', { name: es.product.nextImage }).click();
      await counter(2).waitFor();

      // focus stays in the dialog, whatever the number of Tabs
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Tab');
        await expect(page.evaluate(() => document.activeElement?.closest('dialog') !== null)).resolves.toBe(true);
      }
      await page.keyboard.press('Escape');
      await expect.poll(() => viewer.isVisible()).toBe(false);
      await expect(page.evaluate(() => document.activeElement?.classList.contains('gallery-main'))).resolves.toBe(true);
      // the page behind shows the image last seen
      await expect(page.getByRole('button', { name: fill(es.product.enlarge, { n: 2 }) }).isVisible()).resolves.toBe(true);
    });
  });

  test('with one image shows no arrows nor counter, a mouse drag moves images too, and motion can be reduced', { timeout: TIMEOUT }, async () => {
    const single = await newProduct('One-image lamp', 5_000, 3, [[120, 120, 40]]);
    await journey(browser, 'en', 'phone-viewer-one', async ({ page }) => {
      await page.setViewportSize(PHONE);
      await page.goto(`/products/${single.id}`);
      await page.getByRole('button', { name: fill(en.product.enlarge, { n: 1 }) }).click();
      const viewer = page.getByRole('dialog', { name: single.name });
      await viewer.waitFor();
      await expect(viewer.getByRole('button').count()).resolves.toBe(1); // close, and nothing to move to
      await expect(viewer.getByText(fill(en.productPhone.counter, { n: 1, total: 1 })).count()).resolves.toBe(0);
      await viewer.getByRole('button', { name: en.product.close }).click();
      await expect.poll(() => viewer.isVisible()).toBe(false);

      await page.setViewportSize({ width: 1280, height: 900 });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(`/products/${lamp.id}`);
      await page.getByRole('button', { name: fill(en.product.enlarge, { n: 1 }) }).click();
      const many = page.getByRole('dialog', { name: lamp.name });
      await many.waitFor();
      await page.mouse.move(900, 450);
      await page.mouse.down();
      await page.mouse.move(700, 455, { steps: 5 });
      await page.mouse.move(400, 460, { steps: 5 });
      await page.mouse.up();
      await many.getByText(fill(en.productPhone.counter, { n: 2, total: 3 }), { exact: true }).waitFor();
      await expect(many.getByRole('img').evaluate((img) => getComputedStyle(img).animationName)).resolves.toBe('none');
      // full screen on a desktop too
      const wide = await box(many.getByRole('img'));
      expect(wide.width).toBeGreaterThanOrEqual(1280 * 0.9);
      expect(wide.height).toBeGreaterThanOrEqual(900 * 0.9);
    }, { accessToken: buyer.token });
  });
});

test('a name or description of one long word wraps instead of widening the page', { timeout: TIMEOUT }, async () => {
  const word = 'Destornilladorneumáticoreversibleconpuntasintercambiables'.repeat(2);
  const long = await api.call(productsApi.create, {
    ...as(seller),
    body: { name: word.slice(0, 90), description: `${word} ${word}`, category: 'oficinas', price: 9_900, stock: 3, features: { text: word } },
  });
  await journey(browser, 'es', 'phone-long-word', async ({ page }) => {
    await page.setViewportSize(PHONE);
    for (const path of [`/products/${long.id}`, `/sellers/${seller.id}`]) {
      await page.goto(path);
      await page.getByText(word.slice(0, 30)).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE.width);
    }
  });
});
