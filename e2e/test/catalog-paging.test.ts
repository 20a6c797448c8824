import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { LOW_STOCK_THRESHOLD } from '@marketshare/contracts';
import { en, es } from '@marketshare/web/dictionaries';
import { fmt as fill } from '@marketshare/web/template';
import { journey, launch, shoot } from './browser.js';
import { api, signUp } from './gateway-api.js';

// What used to stop at a first page: a seller's own product table (the first 50) and a product's reviews (the first
// 20). Both are paged now, and the seller's table marks low and zero stock.

const exact = { exact: true } as const;
const product = (name: string, stock: number, price = 1_000) => ({
  name, description: 'Para probar páginas', category: 'oficinas', state: 'NUEVO', price, stock, features: { text: 'Sin más' },
});

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe.each([['en', en], ['es', es]] as const)('paged lists (%s)', (lang, t) => {
  test("a seller's product table is paged and marks low and zero stock", { timeout: 180_000 }, async () => {
    const seller = await signUp(`table_${lang}`, 'seller', lang);
    // 22 products, stock 0 to 6 in turn: "Item 21" is the newest and comes first.
    for (let i = 0; i < 22; i++) {
      const res = await api('POST', '/api/products', { token: seller.token, json: product(`Item ${String(i).padStart(2, '0')}`, i % 7) });
      expect(res.status).toBe(201);
    }
    await journey(browser, lang, 'seller-table', async ({ page }) => {
      await signIn(page, seller.username, seller.password);
      await page.goto('/products/mine');
      await page.getByRole('heading', { name: t.sellerProducts.title, level: 1 }).waitFor();
      await page.getByText(fill(t.catalog.page, { page: 1, pages: 2 }), exact).waitFor();
      const rows = page.locator('table.data tbody tr');
      await expect(rows.count()).resolves.toBe(20);
      const row = (name: string) => page.locator('tr', { has: page.getByRole('link', { name, exact: true }) });
      // Item 21: stock 0; Item 20: 6; Item 19: 5 (the threshold); Item 15: 1.
      expect(LOW_STOCK_THRESHOLD).toBe(5);
      await expect(row('Item 21').getByText(t.catalog.outOfStock, exact).count()).resolves.toBe(1);
      await expect(row('Item 20').locator('.pill').count()).resolves.toBe(0);
      await expect(row('Item 19').getByText(t.sellerProducts.lowStock, exact).count()).resolves.toBe(1);
      await expect(row('Item 15').getByText(t.sellerProducts.lowStock, exact).count()).resolves.toBe(1);
      await shoot(page, `${lang}-seller-products`);

      await page.getByRole('link', { name: t.catalog.next }).click();
      await page.getByText(fill(t.catalog.page, { page: 2, pages: 2 }), exact).waitFor();
      await expect(rows.count()).resolves.toBe(2);
      // Item 00 (stock 0) and Item 01 (stock 1) are the oldest.
      await expect(row('Item 00').getByText(t.catalog.outOfStock, exact).count()).resolves.toBe(1);
      await expect(row('Item 01').getByText(t.sellerProducts.lowStock, exact).count()).resolves.toBe(1);

      // The profile shows the first rows, marked the same way, and leads to the whole table.
      await page.goto('/profile');
      await expect(page.locator('table.data tbody tr').count()).resolves.toBe(10);
      await page.getByRole('link', { name: fill(t.sellerProducts.all, { n: 22 }) }).click();
      await page.waitForURL((u) => u.pathname === '/products/mine');
    });
  });

  test("a product's reviews are paged", { timeout: 180_000 }, async () => {
    const [seller, buyer] = await Promise.all([signUp(`reviews_${lang}`, 'seller', lang), signUp(`reviews_${lang}`, 'consumer', lang)]);
    const created = await api('POST', '/api/products', { token: seller.token, json: product('Lámpara reseñada', 50) });
    expect(created.status).toBe(201);
    const productId = created.body.id as number;
    expect((await api('POST', '/api/users/me/funds', { token: buyer.token, json: { amount: 100_000 } })).status).toBe(200);
    const orders: number[] = [];
    for (let i = 0; i < 11; i++) {
      const order = await api('POST', '/api/orders', { token: buyer.token, json: { productId, quantity: 1 } });
      expect(order.status, JSON.stringify(order.body)).toBe(201);
      orders.push(order.body.id as number);
    }
    // The system under test runs with MAX_TIME_TO_PROGRESS=4: each order is delivered within about 8 s.
    await expect
      .poll(async () => {
        const statuses = await Promise.all(orders.map(async (id) => (await api('GET', `/api/orders/${id}`, { token: buyer.token })).body.status));
        return statuses.every((s) => s === 'ENTREGADO');
      }, { timeout: 60_000, interval: 1_000 })
      .toBe(true);
    for (const [i, orderId] of orders.entries()) {
      const review = await api('POST', '/api/reviews', { token: buyer.token, json: { orderId, rating: 4, title: `Reseña ${i + 1}`, summary: 'Funciona bien' } });
      expect(review.status, JSON.stringify(review.body)).toBe(201);
    }

    await journey(browser, lang, 'reviews', async ({ page }) => {
      await page.goto(`/products/${productId}`);
      await page.getByRole('heading', { name: fill(t.product.opinions, { n: 11 }) }).waitFor();
      const reviews = page.locator('article.review-card');
      await expect(reviews.count()).resolves.toBe(10);
      // Newest first: the last review written leads the first page.
      await expect(reviews.first().getByRole('heading').innerText()).resolves.toBe('Reseña 11');
      const pager = page.getByRole('navigation', { name: t.product.reviewPages });
      await pager.getByText(fill(t.catalog.page, { page: 1, pages: 2 }), exact).waitFor();
      await pager.getByRole('link', { name: t.catalog.next }).click();
      await page.waitForURL((u) => u.searchParams.get('page') === '2');
      await pager.getByText(fill(t.catalog.page, { page: 2, pages: 2 }), exact).waitFor();
      await expect(reviews.count()).resolves.toBe(1);
      await expect(reviews.first().getByRole('heading').innerText()).resolves.toBe('Reseña 1');
    });
  });
});

async function signIn(page: Page, username: string, password: string) {
  const t = (await page.context().cookies()).some((c) => c.name === 'ms_lang' && c.value === 'es') ? es : en;
  await page.goto('/login');
  await page.getByLabel(t.login.username, exact).fill(username);
  await page.getByLabel(t.login.password, exact).fill(password);
  await page.getByRole('button', { name: t.login.submit }).click();
  await page.waitForURL((u) => u.pathname !== '/login');
}
