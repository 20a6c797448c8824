import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { en, es } from '@marketshare/web/dictionaries';
import { fmt } from '@marketshare/web/template';
import { journey, launch, png } from './browser.js';
import { BASE_URL } from './env.js';
import { api, createProduct, signUp } from './gateway-api.js';

// Every page as guests, buyers and sellers meet it, in both languages, on a desktop (1366×900) and a phone
// (390×844), checked by axe-core (issue #14): no serious or critical violation. The engine is evaluated in the page
// the way Playwright runs its own scripts, which the pages' Content-Security-Policy does not apply to.

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [{ width: 1366, height: 900 }, { width: 390, height: 844 }];
const TIMEOUT = 300_000;
/** The profile's sections, each a page of its own. */
const PROFILE = ['/profile', '/profile/wallet', '/profile/statement', '/profile/settings'].map((path) => ({ path }));

type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(page: Page, where: string): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/**
 * Visits each address at each width and collects what axe finds; `then` opens a dialog or the like first (`state`
 * names what it shows).
 */
async function audit(page: Page, lang: string, visits: { path: string; then?: (p: Page) => Promise<void>; state?: string }[]) {
  const found: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    for (const v of visits) {
      await page.goto(v.path);
      await v.then?.(page);
      found.push(...(await violations(page, `${lang} ${size.width}px ${v.path}${v.then ? ` (${v.state ?? 'dialog open'})` : ''}`)));
    }
  }
  return found;
}

let browser: Browser;
let productId: number;
let sellerId: number;
beforeAll(async () => {
  browser = await launch();
  const seller = await signUp('a11y', 'seller', 'en');
  sellerId = seller.id;
  productId = await createProduct(seller.token, {
    name: 'Accessible lamp', description: 'A lamp for the audit', category: 'herramientas', colors: [], price: 150_000, features: { text: 'Bright' },
  });
  // an image, so the full-screen viewer can be opened
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png([180, 140, 60], 400))], { type: 'image/png' }), 'lamp.png');
  const uploaded = await fetch(`${BASE_URL}/api/products/${productId}/images`, { method: 'POST', headers: { authorization: `Bearer ${seller.token}` }, body: form });
  expect(uploaded.status).toBe(201);
});
afterAll(async () => { await browser?.close(); });

/** Clicks what opens a dialog and waits for the dialog named `name`. */
async function opens(page: Page, opener: ReturnType<Page['getByRole']>, name: string) {
  await opener.click();
  await page.getByRole('dialog', { name }).waitFor();
}

/** The product page scrolled to its end: on a phone, the buy bar docked at the foot of the screen. */
const docked = (t: typeof en) => ({
  state: 'buy bar docked',
  then: async (page: Page) => {
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    if (page.viewportSize()!.width <= 640) await page.getByRole('region', { name: t.productPhone.bar }).waitFor();
  },
});
/** The product's image in the full-screen viewer. */
const viewer = (t: typeof en) => ({
  state: 'image viewer open',
  then: (page: Page) => opens(page, page.getByRole('button', { name: fmt(t.product.enlarge, { n: 1 }) }), 'Accessible lamp'),
});

describe.each([['en', en], ['es', es]] as const)('axe on every page (%s)', (lang, t) => {
  test('a guest’s pages', { timeout: TIMEOUT }, async () => {
    let found: string[] = [];
    await journey(browser, lang, 'a11y-guest', async ({ page }) => {
      found = await audit(page, lang, [
        { path: '/' }, { path: `/products/${productId}` }, { path: '/login' }, { path: '/register' }, { path: '/forgot-password' },
        { path: '/directory' }, { path: `/sellers/${sellerId}` }, { path: '/products/999999999' },
        { path: `/products/${productId}`, ...docked(t) }, { path: `/products/${productId}`, ...viewer(t) },
      ]);
    }, { ignore: (problem) => problem.includes('/products/999999999') && problem.includes('404') }); // the missing page's own 404
    expect(found).toEqual([]);
  });

  test('a buyer’s pages, the buy dialog open', { timeout: TIMEOUT }, async () => {
    const buyer = await signUp('a11y', 'consumer', lang);
    expect((await api('POST', '/api/users/me/funds', { token: buyer.token, json: { amount: 1_000_000 } })).status).toBe(200);
    let found: string[] = [];
    await journey(browser, lang, 'a11y-buyer', async ({ page }) => {
      found = await audit(page, lang, [
        { path: '/' }, { path: `/products/${productId}` }, { path: '/orders' }, ...PROFILE,
        // (on a phone the docked bar offers the same button: the buy box's comes first)
        { path: `/products/${productId}`, then: (p) => opens(p, p.getByRole('button', { name: t.product.buy }).first(), t.product.confirmTitle) },
        { path: `/products/${productId}`, ...docked(t) },
      ]);
    }, { accessToken: buyer.token });
    expect(found).toEqual([]);
  });

  test('a seller’s pages', { timeout: TIMEOUT }, async () => {
    const seller = await signUp('a11y', 'seller', lang);
    let found: string[] = [];
    await journey(browser, lang, 'a11y-seller', async ({ page }) => {
      found = await audit(page, lang, [{ path: '/products/new' }, { path: '/products/mine' }, ...PROFILE, { path: `/products/${productId}` }]);
    }, { accessToken: seller.token });
    expect(found).toEqual([]);
  });
});
