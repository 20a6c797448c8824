import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  OrderCancelledMessage,
  OrderCreatedMessage,
  OrderRejectedMessage,
  SaleCancelledMessage,
  SaleNewMessage,
  orderTotal,
  ordersApi,
  productsApi,
  type UpdateProductBody,
} from '@marketshare/contracts';
import { createAccount, eventually, http, send, startStack, type Stack, type TestAccount } from '@marketshare/test-env';
import {
  balanceOf,
  buy,
  createProduct,
  fundedConsumer,
  listenForOrderMail,
  ordersSql,
  stockOf,
  type Mailbag,
} from './helpers.js';

// Purchases, idempotency, cancellation, reads and validation against the real auth, users and products services,
// PostgreSQL and RabbitMQ. Progression is left at its default (600 s) here so nothing moves unless a test says so.

let stack: Stack;
let seller: TestAccount;
let rich: TestAccount;
let poor: TestAccount;
let stranger: TestAccount;
let product: { id: number; sellerId: number };
let mail: Mailbag;
const PRICE = 10_000;
const DISCOUNT = 10;
const RICH_FUNDS = 1_000_000;

// TypeBox checks formats only once they are registered; the message schemas use date-time.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));

const orders = () => stack.url('orders');
const getOrder = (account: TestAccount, id: number) => send(stack, account, ordersApi.get, { params: { id } });
const cancel = (account: TestAccount, id: number) => send(stack, account, ordersApi.cancel, { params: { id } });
/** A request as a client may send it, outside the contract (extra or malformed fields, ids that are no ids). */
const sentAsIs = (method: string, path: string, account: TestAccount | null, json?: unknown) =>
  http(method, `${orders()}${path}`, { token: account?.token, json });
const editProduct = (id: number, body: UpdateProductBody) => send(stack, seller, productsApi.update, { params: { id }, body });
const orderCount = async () => Number((await ordersSql(stack, 'SELECT count(*) AS n FROM orders'))[0].n);

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users', 'products', 'orders'] });
  mail = await listenForOrderMail(stack);
  [seller, rich, poor, stranger] = await Promise.all([
    createAccount(stack, 'seller', { locale: 'en' }),
    fundedConsumer(stack, RICH_FUNDS),
    fundedConsumer(stack, 1_000),
    fundedConsumer(stack, RICH_FUNDS),
  ]);
  product = await createProduct(stack, seller, { price: PRICE, discount: DISCOUNT, stock: 20 });
});
afterAll(async () => {
  await mail?.close();
  await stack?.stop();
});

describe('purchase', () => {
  it('charges the server price, whatever price the client sends, and announces the order', async () => {
    const before = await balanceOf(stack, rich);
    const res = await sentAsIs('POST', '/api/orders', rich, {
      productId: product.id,
      quantity: 2,
      color: 'rojo',
      price: 1,
      unitPrice: 1,
      total: 1,
      finalPrice: 1,
      discount: 70,
      sellerId: rich.id,
    });
    expect(res.status).toBe(201);
    const expected = orderTotal(PRICE, DISCOUNT, 2);
    expect(res.body).toMatchObject({
      consumerId: rich.id,
      sellerId: seller.id,
      productId: product.id,
      quantity: 2,
      color: 'rojo',
      unitPrice: PRICE,
      discount: DISCOUNT,
      total: expected,
      currency: 'ARS',
      status: 'RECIBIDO',
      category: 'herramientas',
      review: null,
    });
    expect(res.body.statusHistory.map((h: { status: string }) => h.status)).toEqual(['RECIBIDO']);
    expect(await balanceOf(stack, rich)).toBe(before - expected);
    expect(await stockOf(stack, product.id)).toBe(18);
    expect((await getOrder(rich, res.body.id)).body).toEqual(res.body);

    const created = await mail.first('ORDER_CREATED', res.body.id);
    expect(Value.Check(OrderCreatedMessage, created)).toBe(true);
    expect(created).toMatchObject({
      to: { email: rich.email, name: rich.username },
      order: { total: expected, status: 'RECIBIDO' },
      orderUrl: `http://localhost:8080/orders/${res.body.id}`,
      cancelUrl: `http://localhost:8080/orders/${res.body.id}?action=cancel`,
    });
    // The seller hears of the sale in the same transaction's outbox, in the seller's own language.
    const sale = await mail.first('SALE_NEW', res.body.id);
    expect(Value.Check(SaleNewMessage, sale)).toBe(true);
    expect(sale).toMatchObject({
      to: { email: seller.email, name: seller.username },
      locale: 'en',
      order: { total: expected, status: 'RECIBIDO' },
      saleUrl: `http://localhost:8080/orders/${res.body.id}`,
    });
  });

  it('records SIN_STOCK and RECHAZADO orders that charge nothing, move no stock and tell only the buyer why', async () => {
    const [richBefore, poorBefore, stockBefore] = await Promise.all([
      balanceOf(stack, rich),
      balanceOf(stack, poor),
      stockOf(stack, product.id),
    ]);
    const noStock = await buy(stack, rich, { productId: product.id, quantity: stockBefore + 1 });
    expect(noStock.status).toBe(201);
    expect(noStock.body.status).toBe('SIN_STOCK');
    expect(noStock.body.statusHistory.map((h) => h.status)).toEqual(['SIN_STOCK']);
    const noMoney = await buy(stack, poor, { productId: product.id, quantity: 1 });
    expect(noMoney.status).toBe(201);
    expect(noMoney.body.status).toBe('RECHAZADO');
    expect(await balanceOf(stack, rich)).toBe(richBefore);
    expect(await balanceOf(stack, poor)).toBe(poorBefore);
    expect(await stockOf(stack, product.id)).toBe(stockBefore);

    // Each buyer hears why, with what to do: the units left after SIN_STOCK, the add-funds page after RECHAZADO.
    const rejectionOf = (id: number) => mail.messages.filter((m) => m.order.id === id);
    const [stockMail] = await eventually(async () => rejectionOf(noStock.body.id), (found) => found.length > 0);
    const [moneyMail] = await eventually(async () => rejectionOf(noMoney.body.id), (found) => found.length > 0);
    for (const m of [stockMail, moneyMail]) expect(Value.Check(OrderRejectedMessage, m)).toBe(true);
    expect(stockMail).toMatchObject({
      type: 'ORDER_REJECTED',
      to: { email: rich.email },
      order: { status: 'SIN_STOCK', quantity: stockBefore + 1 },
      stockLeft: stockBefore,
      productUrl: `http://localhost:8080/products/${product.id}`,
    });
    expect(moneyMail).toMatchObject({
      type: 'ORDER_REJECTED',
      to: { email: poor.email },
      order: { status: 'RECHAZADO' },
      fundsUrl: 'http://localhost:8080/profile/wallet#funds',
      orderUrl: `http://localhost:8080/orders/${noMoney.body.id}`,
    });
    // An accepted order afterwards is announced; by then every mail of the rejected ones has been relayed, and each
    // had exactly one: no "received" mail to the buyer, nothing to the seller.
    const accepted = await buy(stack, rich, { productId: product.id, quantity: 1 });
    expect(await eventually(async () => mail.messages.some((m) => m.order.id === accepted.body.id))).toBe(true);
    expect(rejectionOf(noStock.body.id).map((m) => m.type)).toEqual(['ORDER_REJECTED']);
    expect(rejectionOf(noMoney.body.id).map((m) => m.type)).toEqual(['ORDER_REJECTED']);
  });

  it('returns the first order for a retried Idempotency-Key, also when the retries race', async () => {
    const before = await balanceOf(stack, rich);
    const first = await buy(stack, rich, { productId: product.id, quantity: 1 }, 'retry-1');
    const again = await buy(stack, rich, { productId: product.id, quantity: 1 }, 'retry-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const racing = await Promise.all(
      Array.from({ length: 6 }, () => buy(stack, rich, { productId: product.id, quantity: 1 }, 'race-1')),
    );
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    expect(racing.every((r) => r.status === 200 || r.status === 201)).toBe(true);

    const unitTotal = orderTotal(PRICE, DISCOUNT, 1);
    expect(await balanceOf(stack, rich)).toBe(before - 2 * unitTotal);
    expect(
      await ordersSql(stack, 'SELECT id FROM orders WHERE consumer_id = $1 AND idempotency_key IS NOT NULL', [rich.id]),
    ).toHaveLength(2);

    // The key belongs to the consumer: someone else's identical key is another purchase.
    const other = await buy(stack, stranger, { productId: product.id, quantity: 1 }, 'retry-1');
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
    // The same key for a different purchase is a client bug, not a replay.
    const reused = await buy(stack, rich, { productId: product.id, quantity: 3 }, 'retry-1');
    expect(reused.status).toBe(422);
  });

  it('returns the first order for a retried Idempotency-Key even when the product was deleted since', async () => {
    const item = await createProduct(stack, seller, { price: PRICE, stock: 5 });
    const first = await buy(stack, rich, { productId: item.id, quantity: 1 }, 'deleted-1');
    expect(first.status).toBe(201);
    await send(stack, seller, productsApi.delete, { params: { id: item.id } });
    const again = await buy(stack, rich, { productId: item.id, quantity: 1 }, 'deleted-1');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await buy(stack, rich, { productId: item.id, quantity: 2 }, 'deleted-1')).status).toBe(422);
    // A new purchase takes nothing: SIN_STOCK while orders still holds the product read a moment ago
    // (PRODUCT_CACHE_MS), and 404 once it reads it again: here from a fresh process, rather than by waiting out the
    // cache's window.
    const before = await balanceOf(stack, rich);
    const soon = await buy(stack, rich, { productId: item.id, quantity: 1 });
    const refused = soon.status === 404 || (soon.status === 201 && soon.body.status === 'SIN_STOCK');
    expect(refused, JSON.stringify(soon.body)).toBe(true);
    await stack.stopService('orders');
    await stack.startService('orders');
    expect((await buy(stack, rich, { productId: item.id, quantity: 1 })).status).toBe(404);
    expect(await balanceOf(stack, rich)).toBe(before);
  });

  it('charges the price the product has when its stock is taken, also right after the seller changed it', async () => {
    const item = await createProduct(stack, seller, { price: 1_000, stock: 10 });
    expect((await buy(stack, rich, { productId: item.id, quantity: 2 })).body.total).toBe(2_000); // orders now holds it
    const edit = (body: UpdateProductBody) => editProduct(item.id, body);
    expect((await edit({ price: 1_500, discount: 10 })).status).toBe(200);

    const before = await balanceOf(stack, rich);
    const res = await buy(stack, rich, { productId: item.id, quantity: 2 });
    expect(res.status).toBe(201);
    const expected = orderTotal(1_500, 10, 2);
    expect(res.body).toMatchObject({ status: 'RECIBIDO', unitPrice: 1_500, discount: 10, total: expected });
    expect(await balanceOf(stack, rich)).toBe(before - expected);
    const created = await mail.first('ORDER_CREATED', res.body.id);
    expect(created.order).toMatchObject({ unitPrice: 1_500, discount: 10, total: expected });

    // Purchases racing a price change: each one charges exactly the price it took its stock at.
    const racing = Promise.all(Array.from({ length: 6 }, () => buy(stack, rich, { productId: item.id, quantity: 1 })));
    await edit({ price: 1_200, discount: 0 });
    const raced = await racing;
    expect(raced.map((r) => r.status)).toEqual(Array(6).fill(201));
    for (const r of raced) expect([1_350, 1_200]).toContain(r.body.total);
    const charged = raced.reduce((sum, r) => sum + r.body.total, 0);
    expect(await balanceOf(stack, rich)).toBe(before - expected - charged);
    expect(await stockOf(stack, item.id)).toBe(0);
  });
});

describe('the price the buyer saw', () => {
  it('charges at most the total the buyer accepted: a raised price is a 409 with the price now, and nothing is taken', async () => {
    const item = await createProduct(stack, seller, { price: 1_000, stock: 10 });
    const seen = orderTotal(1_000, 0, 2);
    expect((await buy(stack, rich, { productId: item.id, quantity: 2, maxTotal: seen })).status).toBe(201);
    const edit = (body: UpdateProductBody) => editProduct(item.id, body);
    expect((await edit({ price: 1_500 })).status).toBe(200);

    const [balance, count, stock] = [await balanceOf(stack, rich), await orderCount(), await stockOf(stack, item.id)];
    // whether orders still holds the product as it last read it (the reservation then finds the new price) or not
    for (let i = 0; i < 2; i++) {
      const raised = await buy(stack, rich, { productId: item.id, quantity: 2, maxTotal: seen });
      expect(raised.status, JSON.stringify(raised.body)).toBe(409);
      expect(raised.body).toMatchObject({ error: 'price_changed', price: { unitPrice: 1_500, discount: 0, total: orderTotal(1_500, 0, 2) } });
    }
    expect([await balanceOf(stack, rich), await orderCount(), await stockOf(stack, item.id)]).toEqual([balance, count, stock]);

    // confirmed at the price now, it goes through; a lower price than accepted is simply charged
    const confirmed = await buy(stack, rich, { productId: item.id, quantity: 2, maxTotal: orderTotal(1_500, 0, 2) });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.total).toBe(orderTotal(1_500, 0, 2));
    expect((await edit({ price: 900 })).status).toBe(200);
    const cheaper = await eventually(
      () => buy(stack, rich, { productId: item.id, quantity: 1, maxTotal: 1_500 }),
      (r) => r.status === 201 && r.body.total === 900,
    );
    expect(cheaper.body.total).toBe(900);
  });
});

describe('cancel', () => {
  it('refunds and restocks once; a second cancel is 409 and changes nothing', async () => {
    const [balanceBefore, stockBefore] = await Promise.all([balanceOf(stack, rich), stockOf(stack, product.id)]);
    const order = (await buy(stack, rich, { productId: product.id, quantity: 3 })).body;
    expect(await balanceOf(stack, rich)).toBe(balanceBefore - order.total);

    const first = await cancel(rich, order.id);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('CANCELADO');
    expect(first.body.statusHistory.map((h) => h.status)).toEqual(['RECIBIDO', 'CANCELADO']);
    expect(await balanceOf(stack, rich)).toBe(balanceBefore);
    expect(await stockOf(stack, product.id)).toBe(stockBefore);

    const second = await cancel(rich, order.id);
    expect(second.status).toBe(409);
    expect(await balanceOf(stack, rich)).toBe(balanceBefore);
    expect(await stockOf(stack, product.id)).toBe(stockBefore);

    const cancelled = await mail.first('ORDER_CANCELLED', order.id);
    expect(Value.Check(OrderCancelledMessage, cancelled)).toBe(true);
    // The seller hears of it once, in their language, with a link to the sale.
    const sale = await mail.first('SALE_CANCELLED', order.id);
    expect(Value.Check(SaleCancelledMessage, sale)).toBe(true);
    expect(sale).toMatchObject({
      to: { email: seller.email, name: seller.username },
      locale: 'en',
      order: { status: 'CANCELADO', total: order.total },
      saleUrl: `http://localhost:8080/orders/${order.id}`,
    });
  });

  it('lets exactly one of two racing cancels through', async () => {
    const balanceBefore = await balanceOf(stack, rich);
    const order = (await buy(stack, rich, { productId: product.id, quantity: 1 })).body;
    const results = await Promise.all([cancel(rich, order.id), cancel(rich, order.id), cancel(rich, order.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await balanceOf(stack, rich)).toBe(balanceBefore);
    // one cancellation, so one mail to each side (a later order's mails show these have all been relayed)
    const later = (await buy(stack, rich, { productId: product.id, quantity: 1 })).body;
    await eventually(async () => mail.messages.some((m) => m.type === 'SALE_NEW' && m.order.id === later.id));
    const told = mail.messages.filter((m) => m.order.id === order.id).map((m) => m.type);
    expect(told.sort()).toEqual(['ORDER_CANCELLED', 'ORDER_CREATED', 'SALE_CANCELLED', 'SALE_NEW']);
  });

  it('finishes a refund that could not happen at cancel time once users is back', async () => {
    const [balanceBefore, stockBefore] = await Promise.all([balanceOf(stack, rich), stockOf(stack, product.id)]);
    const order = (await buy(stack, rich, { productId: product.id, quantity: 2 })).body;
    await stack.stopService('users');
    try {
      const res = await cancel(rich, order.id);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('CANCELADO');
      const [owed] = await ordersSql(stack, 'SELECT compensation FROM orders WHERE id = $1', [order.id]);
      expect(owed.compensation).toBe('PENDING');
    } finally {
      await stack.startService('users');
    }
    const settled = await eventually(
      async () => (await ordersSql(stack, 'SELECT compensation FROM orders WHERE id = $1', [order.id]))[0].compensation,
      (c) => c === 'DONE',
      15_000,
      250,
    );
    expect(settled).toBe('DONE');
    expect(await balanceOf(stack, rich)).toBe(balanceBefore);
    expect(await stockOf(stack, product.id)).toBe(stockBefore);
  });

  it('refuses rejected orders', async () => {
    const rejected = (await buy(stack, poor, { productId: product.id, quantity: 1 })).body;
    expect(rejected.status).toBe('RECHAZADO');
    const poorBefore = await balanceOf(stack, poor);
    expect((await cancel(poor, rejected.id)).status).toBe(409);
    expect(await balanceOf(stack, poor)).toBe(poorBefore);
  });
});

describe('who sees what', () => {
  it("keeps an order to its consumer and seller: someone else's is 404, its seller cannot cancel it", async () => {
    const order = (await buy(stack, rich, { productId: product.id, quantity: 1 })).body;
    expect((await getOrder(rich, order.id)).status).toBe(200);
    expect((await getOrder(seller, order.id)).status).toBe(200);
    expect((await getOrder(stranger, order.id)).status).toBe(404);
    expect((await cancel(stranger, order.id)).status).toBe(404);
    expect((await cancel(seller, order.id)).status).toBe(403);
    const review = { orderId: order.id, rating: 4, title: 'x', summary: 'y' };
    expect((await send(stack, stranger, ordersApi.postReview, { body: review })).status).toBe(404);
    expect((await send(stack, null, ordersApi.get, { params: { id: order.id } })).status).toBe(401);
    expect((await getOrder(rich, order.id)).body.status).toBe('RECIBIDO');
  });

  it('lists purchases for consumers and sales for sellers, newest first, by status, in pages', async () => {
    const mine = await send(stack, rich, ordersApi.list, { query: { pageSize: 100 } });
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(3);
    expect(mine.body.items.every((o) => o.consumerId === rich.id)).toBe(true);
    const created = mine.body.items.map((o) => o.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    const sales = await send(stack, seller, ordersApi.list, { query: { pageSize: 100 } });
    expect(sales.body.items.every((o) => o.sellerId === seller.id)).toBe(true);
    expect(sales.body.total).toBeGreaterThan(mine.body.total);

    const rejected = await send(stack, rich, ordersApi.list, { query: { status: 'SIN_STOCK' } });
    expect(rejected.body.total).toBeGreaterThan(0);
    expect(rejected.body.items.every((o) => o.status === 'SIN_STOCK')).toBe(true);

    const page2 = await send(stack, rich, ordersApi.list, { query: { page: 2, pageSize: 2 } });
    expect(page2.body).toMatchObject({ page: 2, pageSize: 2, total: mine.body.total });
    expect(page2.body.items.map((o) => o.id)).toEqual(
      mine.body.items.slice(2, 4).map((o) => o.id),
    );
    expect((await sentAsIs('GET', '/api/orders?pageSize=101', rich)).status).toBe(400);
    expect((await sentAsIs('GET', '/api/orders?status=PERDIDO', rich)).status).toBe(400);
  });
});

describe('progression', () => {
  it('never moves a cancelled or rejected order, even when one is made due', async () => {
    const accepted = (await buy(stack, rich, { productId: product.id, quantity: 1 })).body;
    const cancelled = (await buy(stack, rich, { productId: product.id, quantity: 1 })).body;
    await cancel(rich, cancelled.id);
    const rejected = (await buy(stack, poor, { productId: product.id, quantity: 1 })).body;
    const ids = [accepted.id, cancelled.id, rejected.id];
    await ordersSql(stack, `UPDATE orders SET next_transition_at = now() WHERE id = ANY($1)`, [ids]);

    const moved = await eventually(
      async () => (await getOrder(rich, accepted.id)).body.status,
      (s) => s !== 'RECIBIDO',
      5_000,
    );
    expect(moved).toBe('EN_DISTRIBUCION');
    // All three were due in the one transaction that moved the accepted order: nothing else is coming for them.
    expect((await getOrder(rich, cancelled.id)).body.statusHistory.map((h) => h.status)).toEqual([
      'RECIBIDO',
      'CANCELADO',
    ]);
    expect((await getOrder(poor, rejected.id)).body.statusHistory.map((h) => h.status)).toEqual([
      'RECHAZADO',
    ]);
  });
});

describe('metrics', () => {
  it('counts settled purchases by status and status changes', async () => {
    // one of each outcome counted, caused here (other tests may have restarted the service, which starts at 0)
    const item = await createProduct(stack, seller, { price: PRICE, stock: 2 });
    const accepted = (await buy(stack, rich, { productId: item.id, quantity: 1 })).body;
    expect((await buy(stack, rich, { productId: item.id, quantity: 2 })).body.status).toBe('SIN_STOCK');
    expect((await buy(stack, poor, { productId: item.id, quantity: 1 })).body.status).toBe('RECHAZADO');
    const moving = (await buy(stack, rich, { productId: item.id, quantity: 1 })).body;
    expect((await cancel(rich, accepted.id)).status).toBe(200);
    await ordersSql(stack, `UPDATE orders SET next_transition_at = now() WHERE id = $1`, [moving.id]);
    const moved = await eventually(async () => (await getOrder(rich, moving.id)).body.status, (s) => s !== 'RECIBIDO', 5_000);
    expect(moved).toBe('EN_DISTRIBUCION');

    const text = (await http('GET', `${orders()}/metrics`)).body as string;
    const value = (line: RegExp) =>
      Number(
        text
          .split('\n')
          .find((l) => line.test(l))
          ?.split(' ')
          .pop() ?? 0,
      );
    expect(value(/^orders_created_total\{.*status="RECIBIDO"/)).toBeGreaterThan(0);
    expect(value(/^orders_created_total\{.*status="SIN_STOCK"/)).toBeGreaterThan(0);
    expect(value(/^orders_created_total\{.*status="RECHAZADO"/)).toBeGreaterThan(0);
    expect(value(/^order_transitions_total\{.*status="CANCELADO"/)).toBeGreaterThan(0);
    expect(value(/^order_transitions_total\{.*status="EN_DISTRIBUCION"/)).toBeGreaterThan(0);
  });
});

describe('validation', () => {
  it('answers every malformed purchase with a 4xx naming the field, and records nothing', async () => {
    const before = await orderCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ productId: product.id, quantity: 0 }, 'quantity'],
      [{ productId: product.id, quantity: -1 }, 'quantity'],
      [{ productId: product.id, quantity: 1.5 }, 'quantity'],
      [{ productId: product.id, quantity: 1e9 }, 'quantity'],
      [{ productId: product.id, quantity: '2' }, 'quantity'],
      [{ productId: product.id }, 'quantity'],
      [{ productId: 'abc', quantity: 1 }, 'productId'],
      [{ productId: 0, quantity: 1 }, 'productId'],
      [{ productId: 2 ** 31, quantity: 1 }, 'productId'],
      [{ quantity: 1 }, 'productId'],
      [{ productId: product.id, quantity: 1, color: 'violeta' }, 'color'],
      [{ productId: product.id, quantity: 1, color: '' }, 'color'],
      [{ productId: product.id, quantity: 1, balance: 5 }, 'balance'],
    ];
    for (const [body, field] of cases) {
      const res = await sentAsIs('POST', '/api/orders', rich, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.details.map((d: { field: string }) => d.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect((await buy(stack, rich, { productId: 2147483647, quantity: 1 })).status).toBe(404);
    expect((await buy(stack, rich, { productId: product.id, quantity: 1 }, 'k'.repeat(101))).status).toBe(400);
    const raw = await http('POST', `${orders()}/api/orders`, {
      token: rich.token,
      body: '{"productId":',
      headers: { 'content-type': 'application/json' },
    });
    expect(raw.status).toBe(400);
    expect((await buy(stack, seller, { productId: product.id, quantity: 1 })).status).toBe(403);
    expect((await send(stack, null, ordersApi.place, { body: { productId: product.id, quantity: 1 } })).status).toBe(401);
    for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
      expect((await sentAsIs('GET', `/api/orders/${id}`, rich)).status, id).toBe(400);
      expect((await sentAsIs('POST', `/api/orders/${id}/cancel`, rich)).status, id).toBe(400);
    }
    expect(await orderCount()).toBe(before);
  });

  it('refuses a review before delivery, and a rating off the half-star steps', async () => {
    const order = (await buy(stack, rich, { productId: product.id, quantity: 1 })).body;
    const review = (body: Record<string, unknown>) =>
      sentAsIs('POST', '/api/reviews', rich, { orderId: order.id, rating: 4, title: 'Bien', summary: 'Llegó', ...body });
    expect((await review({})).status).toBe(409);
    const offStep = await review({ rating: 4.3 });
    expect(offStep.status).toBe(400);
    expect(offStep.body.details[0].field).toBe('rating');
    for (const body of [
      { rating: 5.5 },
      { rating: -0.5 },
      { rating: '4' },
      { title: '' },
      { title: '   ' },
      { summary: 'x'.repeat(2001) },
      { extra: 1 },
    ]) {
      expect((await review(body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (
        await send(stack, seller, ordersApi.postReview, { body: { orderId: order.id, rating: 4, title: 'a', summary: 'b' } })
      ).status,
    ).toBe(403);
  });
});

describe('concurrency', () => {
  it('accepts exactly the stock out of 100 simultaneous purchases, with every balance exact and no 5xx', async () => {
    const price = 1_000;
    const funds = 12_345;
    const item = await createProduct(stack, seller, { price, stock: 30 });
    const buyers = await Promise.all(Array.from({ length: 10 }, () => fundedConsumer(stack, funds)));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => buy(stack, buyers[i % 10]!, { productId: item.id, quantity: 1 })),
    );
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.every((r) => r.status === 201)).toBe(true);
    const accepted = results.filter((r) => r.body.status === 'RECIBIDO');
    expect(accepted).toHaveLength(30);
    expect(results.filter((r) => r.body.status === 'SIN_STOCK')).toHaveLength(70);
    expect(await stockOf(stack, item.id)).toBe(0);
    for (const buyer of buyers) {
      const bought = accepted.filter((r) => r.body.consumerId === buyer.id).length;
      expect(await balanceOf(stack, buyer)).toBe(funds - bought * price);
    }
    const unsettled = await ordersSql(stack, `SELECT id FROM orders WHERE phase <> 'DONE'`);
    expect(unsettled).toEqual([]);
  });
});
