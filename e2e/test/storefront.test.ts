import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually } from '@marketshare/test-env';
import { en, es } from '@marketshare/web/dictionaries';
import { fmt as fill } from '@marketshare/web/template';
import { SCREENSHOTS, journey, launch, shoot, type Watched } from './browser.js';
import { BASE_URL } from './env.js';
import { api, createProduct, signUp } from './gateway-api.js';

// Issue 16 §4's pages, in the browser through the gateway: a seller's storefront found through the directory's
// search, the original's /profile/{id} address, and an order's printable receipt, which only its two parties see.

const TIMEOUT = 180_000;
const PRODUCTS = 13; // one more than a storefront page holds
type Account = Awaited<ReturnType<typeof signUp>>;

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** Runs steps in a fresh context, optionally signed in as `as`; no console error or 5xx but those `ignore` accepts. */
const visit = (lang: 'en' | 'es', as: Account | null, name: string, steps: (w: Watched) => Promise<void>, ignore?: (p: string) => boolean) =>
  journey(browser, lang, name, steps, { ignore, accessToken: as?.token });

/** A seller with PRODUCTS products, one delivered and reviewed sale of the first, and its buyer. */
async function shopWithASale(lang: 'en' | 'es', organization: string) {
  const seller = await signUp('shop', 'seller', lang, organization);
  const buyer = await signUp('shop', 'consumer', lang, `Compras ${organization}`);
  const ids: number[] = [];
  for (let i = 1; i <= PRODUCTS; i++) {
    ids.push(await createProduct(seller.token, {
      name: `Shelf ${i} ${lang}`, description: 'A shelf for the storefront', price: 12_345, discount: 10, stock: 20, features: { text: 'Steel', rows: [] },
    }));
  }
  expect((await api('POST', '/api/users/me/funds', { token: buyer.token, json: { amount: 1_000_000 } })).status).toBe(200);
  const order = await api('POST', '/api/orders', { token: buyer.token, json: { productId: ids[0], quantity: 3, color: 'gris' } });
  expect(order.body.status).toBe('RECIBIDO');
  // delivered within about 8 s (MAX_TIME_TO_PROGRESS=4)
  await eventually(
    async () => (await api('GET', `/api/orders/${order.body.id}`, { token: buyer.token })).body.status as string,
    (status) => status === 'ENTREGADO',
    30_000,
    500,
  );
  const review = await api('POST', '/api/reviews', {
    token: buyer.token, json: { orderId: order.body.id, rating: 4.5, title: 'Sturdy', summary: 'As described' },
  });
  expect(review.status).toBe(201);
  return { seller, buyer, orderId: order.body.id as number, total: order.body.total as number };
}

const firstResponseOf = (page: Page, response: Awaited<ReturnType<Page['goto']>>) => {
  let first = response!.request();
  while (first.redirectedFrom()) first = first.redirectedFrom()!;
  return first;
};

describe.each([['en', en], ['es', es]] as const)('storefront, directory and receipt (%s)', (lang, t) => {
  const organization = `Estantes ${randomBytes(3).toString('hex')} ${lang.toUpperCase()} SA`;
  let shop: Awaited<ReturnType<typeof shopWithASale>>;
  beforeAll(async () => { shop = await shopWithASale(lang, organization); }, TIMEOUT);

  test("a guest finds the seller with the directory's search and opens their storefront", { timeout: TIMEOUT }, () => visit(lang, null, 'storefront', async ({ page }) => {
    await page.goto('/directory');
    await page.getByLabel(t.directory.search, { exact: true }).fill(organization.split(' ')[1]!);
    await page.getByRole('button', { name: t.directory.searchButton, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === organization.split(' ')[1]);
    const card = page.locator(`article[data-user-id="${shop.seller.id}"]`);
    await expect(page.locator('article[data-user-id]').count()).resolves.toBe(1);
    await expect(card.getByTestId('directory-sales').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('directory-total').textContent()).resolves.toBe(fill(t.directory.results, { n: 1 }));
    await shoot(page, `${lang}-directory-search`);

    await card.getByRole('link', { name: fill(t.directory.visit, { name: organization }) }).click();
    await page.waitForURL((u) => u.pathname === `/sellers/${shop.seller.id}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(organization);
    await expect(page.getByTestId('storefront-sales').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('storefront-rating').textContent()).resolves.toMatch(/^4[.,]5 \(1 /);
    await expect(page.getByText('Argentina', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByText(fill(t.storefront.productsN, { n: PRODUCTS })).isVisible()).resolves.toBe(true);
    await expect(page.locator('ul.cards > li').count()).resolves.toBe(12);
    await shoot(page, `${lang}-storefront`);
    await page.getByRole('link', { name: t.catalog.next }).click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await expect(page.locator('ul.cards > li').count()).resolves.toBe(PRODUCTS - 12);
    await page.getByRole('link', { name: `Shelf 1 ${lang}` }).click();
    await page.waitForURL(/\/products\/\d+$/);
    // the product page's seller box leads back to the storefront
    await page.getByRole('link', { name: organization, exact: true }).click();
    await page.waitForURL((u) => u.pathname === `/sellers/${shop.seller.id}`);
  }));

  test("the original's /profile/{id} leads to a seller's storefront (308); a buyer's or an unknown id is the 404 page", { timeout: TIMEOUT }, () => visit(lang, null, 'old-profile', async ({ page }) => {
    const raw = async (path: string) => {
      const res = await fetch(`${BASE_URL}${path}`, { redirect: 'manual' });
      await res.body?.cancel();
      return { status: res.status, location: res.headers.get('location') };
    };
    const moved = await raw(`/profile/${shop.seller.id}`);
    expect(moved.status).toBe(308);
    expect(new URL(moved.location!, BASE_URL).pathname).toBe(`/sellers/${shop.seller.id}`);
    expect((await raw(`/profile/${shop.buyer.id}`)).status).toBe(404);
    expect((await raw('/profile/2000000000')).status).toBe(404);
    // An unknown storefront is the not-found page, answered with 404 (the lookup runs before the page streams).
    const unknown = await fetch(`${BASE_URL}/sellers/2000000000`, { headers: { cookie: `ms_lang=${lang}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain(t.errors.sellerNotFound);

    const response = await page.goto(`/profile/${shop.seller.id}`);
    const first = firstResponseOf(page, response);
    expect(new URL(first.url()).pathname).toBe(`/profile/${shop.seller.id}`);
    expect((await first.response())!.status()).toBe(308);
    expect(new URL(page.url()).pathname).toBe(`/sellers/${shop.seller.id}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(organization);

    const notFound = await page.goto(`/profile/${shop.buyer.id}`);
    expect(notFound!.status()).toBe(404);
    expect(new URL(page.url()).pathname).toBe(`/profile/${shop.buyer.id}`);
    await page.getByRole('heading', { name: t.errors.notFound }).waitFor();
  }, (problem) => problem.includes(`/profile/${shop.buyer.id}`))); // the 404 itself is logged by the browser

  test('the buyer opens the printable receipt from the order page; the seller sees it too, nobody else', { timeout: TIMEOUT }, async () => {
    await visit(lang, shop.buyer, 'receipt', async ({ page }) => {
      await page.goto(`/orders/${shop.orderId}`);
      await page.getByRole('link', { name: t.receipt.link }).click();
      await page.waitForURL((u) => u.pathname === `/orders/${shop.orderId}/receipt`);
      const receipt = page.getByRole('article', { name: `${t.receipt.title} · ${fill(t.receipt.orderN, { id: shop.orderId })}` });
      await receipt.waitFor();
      await expect(receipt.getByText(organization, { exact: true }).isVisible()).resolves.toBe(true);
      await expect(receipt.getByText(`Compras ${organization}`, { exact: true }).isVisible()).resolves.toBe(true);
      await expect(receipt.getByText(`Shelf 1 ${lang}`).isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('receipt-quantity').textContent()).resolves.toBe('3');
      await expect(page.getByTestId('receipt-discount').textContent()).resolves.toBe('10%');
      const digits = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').replace(/\D/g, '');
      await expect(digits('receipt-unit-price')).resolves.toBe('12345'); // 123.45 with its cents
      await expect(digits('receipt-total')).resolves.toBe(String(shop.total));
      await expect(page.locator('[data-testid="receipt-history"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))
        .resolves.toEqual(['RECIBIDO', 'EN_DISTRIBUCION', 'ENTREGADO']);
      await expect(page.getByRole('button', { name: t.receipt.print }).isVisible()).resolves.toBe(true);
      await shoot(page, `${lang}-receipt`);
      // on paper: only the document, without the site's header, footer and buttons
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
      await expect(page.locator('.site-footer').isVisible()).resolves.toBe(false);
      await expect(page.getByRole('button', { name: t.receipt.print }).isVisible()).resolves.toBe(false);
      await expect(receipt.getByText(organization, { exact: true }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}${lang}-receipt-print.png`, fullPage: true });
    });
    await visit(lang, shop.seller, 'receipt-seller', async ({ page }) => {
      await page.goto(`/orders/${shop.orderId}/receipt`);
      await page.getByText(`Compras ${organization}`, { exact: true }).waitFor();
    });
    const stranger = await signUp('shop', 'consumer', lang);
    expect((await api('GET', `/api/orders/${shop.orderId}/receipt`, { token: stranger.token })).status).toBe(404);
    expect((await api('GET', `/api/orders/${shop.orderId}/receipt`, { token: shop.buyer.token })).status).toBe(200);
    await visit(lang, stranger, 'receipt-stranger', async ({ page }) => {
      await page.goto(`/orders/${shop.orderId}/receipt`);
      await page.getByRole('heading', { name: t.errors.notFound }).waitFor();
      await expect(page.getByText(organization).count()).resolves.toBe(0);
    }, (problem) => problem.includes(`/orders/${shop.orderId}/receipt`));
  });
});
