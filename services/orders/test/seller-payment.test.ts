import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, eventually, http, startStack, type Stack, type TestAccount } from '@marketshare/test-env';
import { balanceOf, buy, createProduct, fundedConsumer, ordersSql } from './helpers.js';

// A delivered order credits its seller once, less the marketplace fee, also when users was away at delivery time;
// a cancelled one never does. MAX_TIME_TO_PROGRESS=2 delivers within about 4 seconds.

const FEE_BPS = 1_000;
let stack: Stack;
let seller: TestAccount;
let buyer: TestAccount;
let product: { id: number };

const orderOf = (id: number) => http('GET', `${stack.url('orders')}/api/orders/${id}`, { token: buyer.token });
const statementOf = async (who: TestAccount) =>
  (await http('GET', `${stack.url('users')}/api/users/me/statement?pageSize=100`, { token: who.token })).body as {
    items: { kind: string; amount: number; orderId: number | null }[];
    balance: { amount: number };
  };
const settlementOf = async (id: number) => (await ordersSql(stack, 'SELECT settlement FROM orders WHERE id = $1', [id]))[0]?.settlement;

beforeAll(async () => {
  stack = await startStack({
    services: ['auth', 'users', 'products', 'orders'],
    env: { MAX_TIME_TO_PROGRESS: '2', MARKETPLACE_FEE_BPS: String(FEE_BPS) },
  });
  [seller, buyer] = await Promise.all([createAccount(stack, 'seller'), fundedConsumer(stack, 1_000_000)]);
  product = await createProduct(stack, seller, { price: 12_345, stock: 50 });
});
afterAll(async () => {
  await stack?.stop();
});

describe('seller payment', () => {
  it('credits each delivered order once, less the fee rounded down; a cancelled order never', async () => {
    const placed = await Promise.all([1, 2, 3].map((quantity) => buy(stack, buyer, { productId: product.id, quantity })));
    expect(placed.map((r) => r.status)).toEqual([201, 201, 201]);
    const [kept, cancelled, other] = placed.map((r) => r.body as { id: number; total: number });
    expect((await http('POST', `${stack.url('orders')}/api/orders/${cancelled!.id}/cancel`, { token: buyer.token })).status).toBe(200);
    for (const o of [kept!, other!]) await eventually(async () => settlementOf(o.id), (s) => s === 'DONE', 10_000, 200);

    const net = (total: number) => total - Math.floor((total * FEE_BPS) / 10_000);
    expect(await balanceOf(stack, seller)).toBe(net(kept!.total) + net(other!.total));
    const { items } = await statementOf(seller);
    const sales = items.filter((e) => e.kind === 'SALE');
    expect(sales.map((e) => e.orderId).sort()).toEqual([kept!.id, other!.id].sort());
    expect(items.filter((e) => e.orderId === cancelled!.id)).toEqual([]);
    expect(await settlementOf(cancelled!.id)).toBeNull();
  });

  it('pays what was delivered while users was away once it is back, and only once', async () => {
    const placed = await buy(stack, buyer, { productId: product.id, quantity: 4 });
    expect(placed.status).toBe(201);
    const before = await balanceOf(stack, seller);
    await stack.stopService('users');
    try {
      await eventually(async () => (await orderOf(placed.body.id)).body.status, (s) => s === 'ENTREGADO', 10_000, 200);
      // delivered, but its seller cannot be credited yet: the debt is kept with the order
      expect(await settlementOf(placed.body.id)).toBe('PENDING');
    } finally {
      await stack.startService('users');
    }
    await eventually(async () => settlementOf(placed.body.id), (s) => s === 'DONE', 10_000, 200);
    const total = placed.body.total as number;
    expect(await balanceOf(stack, seller)).toBe(before + total - Math.floor((total * FEE_BPS) / 10_000));
    const { items } = await statementOf(seller);
    expect(items.filter((e) => e.orderId === placed.body.id).map((e) => e.kind).sort()).toEqual(['FEE', 'SALE']);
  });
});
