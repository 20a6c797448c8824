import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersApi, usersApi } from '@marketshare/contracts';
import { bodyOf, createAccount, eventually, send, startStack, type Stack, type TestAccount } from '@marketshare/test-env';
import { balanceOf, buy, createProduct, fundedConsumer, listenForOrderMail, ordersSql, type Mailbag } from './helpers.js';

// A delivered order credits its seller once, less the marketplace fee, also when users was away at delivery time;
// a cancelled one never does. MAX_TIME_TO_PROGRESS=2 delivers within about 4 seconds.

const FEE_BPS = 1_000;
let stack: Stack;
let seller: TestAccount;
let buyer: TestAccount;
let product: { id: number };
let mail: Mailbag;

const orderOf = async (id: number) => bodyOf(await send(stack, buyer, ordersApi.get, { params: { id } }));
const statementOf = async (who: TestAccount) =>
  bodyOf(await send(stack, who, usersApi.statement, { query: { pageSize: 100 } }));
const settlementOf = async (id: number) => (await ordersSql(stack, 'SELECT settlement FROM orders WHERE id = $1', [id]))[0]?.settlement;

beforeAll(async () => {
  stack = await startStack({
    services: ['auth', 'users', 'products', 'orders'],
    env: { MAX_TIME_TO_PROGRESS: '2', MARKETPLACE_FEE_BPS: String(FEE_BPS) },
  });
  mail = await listenForOrderMail(stack);
  [seller, buyer] = await Promise.all([createAccount(stack, 'seller', { locale: 'es' }), fundedConsumer(stack, 1_000_000)]);
  product = await createProduct(stack, seller, { price: 12_345, stock: 50 });
});
afterAll(async () => {
  await mail?.close();
  await stack?.stop();
});

/** The SALE_DELIVERED mails about `orderId` so far. */
const creditMails = (orderId: number) => mail.messages.filter((m) => m.type === 'SALE_DELIVERED' && m.order.id === orderId);

describe('seller payment', () => {
  it('credits each delivered order once, less the fee rounded down; a cancelled order never', async () => {
    const placed = await Promise.all([1, 2, 3].map((quantity) => buy(stack, buyer, { productId: product.id, quantity })));
    expect(placed.map((r) => r.status)).toEqual([201, 201, 201]);
    const [kept, cancelled, other] = placed.map((r) => bodyOf(r, 201));
    expect((await send(stack, buyer, ordersApi.cancel, { params: { id: cancelled!.id } })).status).toBe(200);
    for (const o of [kept!, other!]) await eventually(async () => settlementOf(o.id), (s) => s === 'DONE', 10_000, 200);

    const net = (total: number) => total - Math.floor((total * FEE_BPS) / 10_000);
    expect(await balanceOf(stack, seller)).toBe(net(kept!.total) + net(other!.total));
    const { items } = await statementOf(seller);
    const sales = items.filter((e) => e.kind === 'SALE');
    expect(sales.map((e) => e.orderId).sort()).toEqual([kept!.id, other!.id].sort());
    expect(items.filter((e) => e.orderId === cancelled!.id)).toEqual([]);
    expect(await settlementOf(cancelled!.id)).toBeNull();

    // Each credited order tells its seller, in the seller's language, exactly the amounts the ledger moved.
    for (const o of [kept!, other!]) {
      const [told] = await eventually(async () => creditMails(o.id), (found) => found.length > 0);
      const sale = items.find((e) => e.kind === 'SALE' && e.orderId === o.id)!;
      const fee = items.find((e) => e.kind === 'FEE' && e.orderId === o.id)!;
      expect(told).toMatchObject({
        locale: 'es',
        to: { email: seller.email },
        order: { status: 'ENTREGADO', total: o.total },
        settlement: { proceeds: sale.amount, fee: fee.amount },
        saleUrl: `http://localhost:8080/orders/${o.id}`,
        statementUrl: 'http://localhost:8080/profile/statement',
      });
      expect(told.settlement.proceeds + told.settlement.fee).toBe(o.total);
    }
    expect(mail.messages.filter((m) => m.type === 'SALE_DELIVERED' && m.order.id === cancelled!.id)).toEqual([]);
  });

  it('pays what was delivered while users was away once it is back, and only once', async () => {
    const placed = await buy(stack, buyer, { productId: product.id, quantity: 4 });
    expect(placed.status).toBe(201);
    const before = await balanceOf(stack, seller);
    await stack.stopService('users');
    try {
      await eventually(async () => (await orderOf(placed.body.id)).status, (s) => s === 'ENTREGADO', 10_000, 200);
      // delivered, but its seller cannot be credited yet: the debt is kept with the order
      expect(await settlementOf(placed.body.id)).toBe('PENDING');
    } finally {
      await stack.startService('users');
    }
    await eventually(async () => settlementOf(placed.body.id), (s) => s === 'DONE', 10_000, 200);
    const total = placed.body.total;
    expect(await balanceOf(stack, seller)).toBe(before + total - Math.floor((total * FEE_BPS) / 10_000));
    const { items } = await statementOf(seller);
    expect(items.filter((e) => e.orderId === placed.body.id).map((e) => e.kind).sort()).toEqual(['FEE', 'SALE']);
    // told once, after the credit, with what was credited
    await eventually(async () => creditMails(placed.body.id).length, (n) => n > 0);
    const later = (await buy(stack, buyer, { productId: product.id, quantity: 1 })).body;
    await eventually(async () => mail.messages.some((m) => m.type === 'SALE_NEW' && m.order.id === later.id));
    expect(creditMails(placed.body.id)).toHaveLength(1);
    expect(creditMails(placed.body.id)[0].settlement.proceeds).toBe(total - Math.floor((total * FEE_BPS) / 10_000));
  });
});
