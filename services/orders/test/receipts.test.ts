import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersApi, usersApi } from '@marketshare/contracts';
import { apiClient, createAccount, eventually, http, send, startStack, type Stack, type TestAccount } from '@marketshare/test-env';
import { buy, createProduct, fundedConsumer, ordersSql } from './helpers.js';

// What the storefront and the receipt read from orders, against the real auth, users and products services:
// an order's receipt (its two parties only, named as they were when it was placed) and several sellers'
// reputations in one call. Orders progress within about 4 s here (MAX_TIME_TO_PROGRESS=2).

let stack: Stack;
let seller: TestAccount;
let quiet: TestAccount;
let buyer: TestAccount;
let stranger: TestAccount;
let otherSeller: TestAccount;
let orderId: number;
let deliveredId: number;

const as = (account?: TestAccount) => apiClient(stack, { token: account?.token });
const receipt = (account: TestAccount | undefined, id: number) => as(account).send(ordersApi.receipt, { params: { id } });

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users', 'products', 'orders'], env: { MAX_TIME_TO_PROGRESS: '2' } });
  [seller, quiet, otherSeller, stranger] = await Promise.all([
    createAccount(stack, 'seller', { organization: 'Herramientas del Sur SA' }),
    createAccount(stack, 'seller', { organization: 'Nunca Vendió SRL' }),
    createAccount(stack, 'seller'),
    fundedConsumer(stack, 100_000),
  ]);
  buyer = await createAccount(stack, 'consumer', { organization: 'Constructora Norte SA' });
  await as(buyer).call(usersApi.addFunds, { body: { amount: 500_000 } });
  const product = await createProduct(stack, seller, { price: 10_000, discount: 20, stock: 50 });
  const delivered = await buy(stack, buyer, { productId: product.id, quantity: 2, color: 'rojo' });
  const kept = await buy(stack, buyer, { productId: product.id, quantity: 1 });
  [deliveredId, orderId] = [delivered.body.id, kept.body.id];
  await as(buyer).call(ordersApi.cancel, { params: { id: orderId } });
  await eventually(
    () => as(buyer).call(ordersApi.get, { params: { id: deliveredId } }),
    (o) => o.status === 'ENTREGADO',
    20_000,
    250,
  );
});
afterAll(async () => {
  await stack?.stop();
});

describe('an order’s receipt', () => {
  it('gives its buyer and its seller the order with both organizations, prices and every status', async () => {
    const forBuyer = await receipt(buyer, deliveredId);
    expect(forBuyer.status).toBe(200);
    if (!forBuyer.ok) return;
    expect(forBuyer.body.seller).toEqual({ id: seller.id, username: seller.username, organization: 'Herramientas del Sur SA' });
    expect(forBuyer.body.buyer).toEqual({ id: buyer.id, username: buyer.username, organization: 'Constructora Norte SA' });
    expect(forBuyer.body.order).toMatchObject({ id: deliveredId, quantity: 2, unitPrice: 10_000, discount: 20, total: 16_000, color: 'rojo' });
    expect(forBuyer.body.order.statusHistory.map((h) => h.status)).toEqual(['RECIBIDO', 'EN_DISTRIBUCION', 'ENTREGADO']);
    const forSeller = await receipt(seller, deliveredId);
    expect(forSeller.status).toBe(200);
    expect(forSeller.body).toEqual(forBuyer.body);
    const cancelled = await receipt(seller, orderId);
    expect(cancelled.ok && cancelled.body.order.statusHistory.map((h) => h.status)).toEqual(['RECIBIDO', 'CANCELADO']);
  });

  it('answers nobody else: another consumer, another seller and an unknown order are 404, a guest 401', async () => {
    for (const other of [stranger, otherSeller]) {
      const res = await receipt(other, deliveredId);
      expect(res.status, other.role).toBe(404);
      expect(res.body).toMatchObject({ error: 'order_not_found' });
    }
    expect((await receipt(buyer, 2_000_000_000)).status).toBe(404);
    expect((await receipt(undefined, deliveredId)).status).toBe(401);
    expect((await http('GET', `${stack.url('orders')}/api/orders/abc/receipt`, { token: buyer.token })).status).toBe(400);
  });

  it('names the parties as the order recorded them, and asks users only for an order that predates that', async () => {
    // What the order recorded wins over the account's name now.
    await ordersSql(stack, "UPDATE orders SET seller_organization = 'Nombre Antiguo SRL' WHERE id = $1", [orderId]);
    const kept = await receipt(buyer, orderId);
    expect(kept.ok && kept.body.seller.organization).toBe('Nombre Antiguo SRL');

    // An order recorded before the seller's name and organization were kept: users names them.
    await ordersSql(stack, 'UPDATE orders SET seller_organization = NULL, seller_name = NULL WHERE id = $1', [orderId]);
    const old = await receipt(buyer, orderId);
    expect(old.ok && old.body.seller).toEqual({ id: seller.id, username: seller.username, organization: 'Herramientas del Sur SA' });
  });
});

describe('several sellers’ reputations at once', () => {
  it('answers one per id, in the order asked, as the one-seller route does', async () => {
    const ids = [quiet.id, seller.id, otherSeller.id, seller.id];
    const res = await as().call(ordersApi.sellerReputations, { query: { ids: ids.join(',') } });
    expect(res.items.map((r) => r.sellerId)).toEqual(ids);
    expect(res.items[1]).toEqual(await as().call(ordersApi.sellerReputation, { params: { id: seller.id } }));
    expect(res.items[1]).toMatchObject({ deliveredSales: 1, badge: 'NUEVO' });
    expect(res.items[0]).toEqual({ sellerId: quiet.id, rating: { average: 0, count: 0 }, deliveredSales: 0, badge: 'NUEVO' });
  });

  it('refuses what is not a list of up to 100 ids with a 400', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    for (const ids of ['', 'abc', '0', '1,,2', '-1', '9999999999', tooMany, '1;2']) {
      const res = await http('GET', `${stack.url('orders')}/api/analytics/sellers?ids=${encodeURIComponent(ids)}`); // outside the contract
      expect(res.status, ids).toBe(400);
      expect(res.body.error, ids).toBe('validation_failed');
    }
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1).join(',');
    expect((await send(stack, null, ordersApi.sellerReputations, { query: { ids: hundred } })).status).toBe(200);
  });
});
