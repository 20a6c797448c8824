import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApiClient, ordersApi, productsApi, usersApi } from '@marketshare/contracts';
import { en } from '@marketshare/web/dictionaries';
import { SCREENSHOTS, launch, openContext, type Watched } from './browser.js';
import { BASE_URL } from './env.js';
import { signUp } from './gateway-api.js';

// A price raised between the buyer's look and their purchase (issue #13, item 6): the buy box sends the total the
// buyer confirmed, orders answers 409 price_changed with the total now, and the same dialog asks again
// (web/src/components/buy-box.tsx). Through the gateway with a real browser; the money is read from the users service.

const TIMEOUT = 240_000;
const FUNDS = 1_000_000;
const api = createApiClient({ baseUrl: BASE_URL });
const money = new Intl.NumberFormat('en-AR', { style: 'currency', currency: 'ARS' });
let browser: Browser;
let seller: Awaited<ReturnType<typeof signUp>>;
let buyer: Awaited<ReturnType<typeof signUp>>;
let productId = 0;

const as = (who: { token: string }) => ({ authorization: `Bearer ${who.token}` });
const balance = async () => (await api.call(usersApi.me, { ...as(buyer), query: {} })).balance!.amount;
const orders = async () => (await api.call(ordersApi.list, { ...as(buyer), query: {} })).items;
const setPrice = async (price: number) =>
  expect((await api.send(productsApi.update, { ...as(seller), params: { id: productId }, body: { price } })).status).toBe(200);

beforeAll(async () => {
  browser = await launch();
  [seller, buyer] = await Promise.all([signUp('pricechg', 'seller', 'en'), signUp('pricechg', 'consumer', 'en')]);
  await api.call(usersApi.addFunds, { ...as(buyer), body: { amount: FUNDS } });
  productId = (await api.call(productsApi.create, {
    ...as(seller),
    body: { name: `Price change lamp ${seller.username}`, description: 'A lamp', category: 'oficinas', price: 10_000, stock: 10, features: { text: 'Bright' } },
  })).id;
});
afterAll(async () => { await browser?.close(); });

/** The buyer, signed in, on the product page, with the dialog asking about the total they saw and the answer to it. */
async function buyAfterRaise(w: Watched, seen: number, raised: number) {
  const { page, context } = w;
  const cookie = { url: BASE_URL, httpOnly: true, sameSite: 'Lax' as const };
  await context.addCookies([{ ...cookie, name: 'ms_access', value: buyer.token }, { ...cookie, name: 'ms_refresh', value: buyer.refresh }]);
  await page.goto(`/products/${productId}`);
  await page.getByText(money.format(seen / 100)).first().waitFor();
  await setPrice(raised); // while the buyer looks at the old price
  await page.getByRole('button', { name: en.product.buy }).click();
  const dialog = page.getByRole('dialog', { name: en.product.confirmTitle });
  await expect(dialog.locator('strong.price').textContent()).resolves.toBe(money.format(seen / 100));
  await dialog.getByRole('button', { name: en.product.confirm }).click();
  const told = en.refusals.price_changed.replace('{total}', money.format(raised / 100));
  await dialog.getByRole('alert').filter({ hasText: told }).waitFor();
  await expect(dialog.locator('strong.price').textContent()).resolves.toBe(money.format(raised / 100));
  return dialog;
}

async function inBrowser(name: string, steps: (w: Watched) => Promise<void>) {
  const w = await openContext(browser, 'en');
  try {
    await steps(w);
  } catch (e) {
    await w.page.screenshot({ path: `${SCREENSHOTS}failed-price-changed-${name}.png`, fullPage: true }).catch(() => undefined);
    throw e;
  } finally {
    await w.context.close();
  }
  expect(w.problems).toEqual([]);
}

const statusOf = (page: Page) => page.getByRole('status').filter({ hasText: en.product.orderTotal.replace('{total}', '').trim() });

describe('a price raised between view and purchase', () => {
  test('is shown in the confirmation; confirming it buys at the new price, and exactly that is charged', { timeout: TIMEOUT }, () =>
    inBrowser('confirm', async (w) => {
      const dialog = await buyAfterRaise(w, 10_000, 12_500);
      expect(await orders()).toEqual([]); // the first confirmation, at the old price, bought nothing
      expect(await balance()).toBe(FUNDS);
      await dialog.getByRole('button', { name: en.product.confirm }).click();
      const status = statusOf(w.page);
      await status.waitFor();
      expect(await status.textContent()).toContain(en.product.orderTotal.replace('{total}', money.format(125)));
      const [order] = await orders();
      expect(order).toMatchObject({ total: 12_500 }); // its status moves on by itself (RECIBIDO, then on)
      expect(await balance()).toBe(FUNDS - 12_500);
    }));

  test('cancelled in the confirmation, charges nothing', { timeout: TIMEOUT }, () =>
    inBrowser('cancel', async (w) => {
      const before = { balance: await balance(), orders: (await orders()).length };
      const dialog = await buyAfterRaise(w, 12_500, 15_000);
      await dialog.getByRole('button', { name: en.product.cancel }).click();
      await expect(dialog.isVisible()).resolves.toBe(false);
      expect((await orders()).length).toBe(before.orders);
      expect(await balance()).toBe(before.balance);
    }));
});
