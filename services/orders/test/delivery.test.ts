import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { OrderDeliveredMessage, ReviewNewMessage, orderTotal, ordersApi, productsApi, type ReviewBody } from '@marketshare/contracts';
import { bodyOf, createAccount, eventually, http, send, startStack, type Stack, type TestAccount } from '@marketshare/test-env';
import { buy, createProduct, fundedConsumer, listenForOrderMail, type Mailbag } from './helpers.js';

// Delivery with MAX_TIME_TO_PROGRESS=4, then what only delivered orders allow: reviews, ratings and analytics.

if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));

let stack: Stack;
let seller: TestAccount;
let buyer: TestAccount;
let other: TestAccount;
let mail: Mailbag;
let drill: { id: number };
let lamp: { id: number };
const delivered: { id: number; productId: number; total: number; quantity: number }[] = [];

const url = (path: string) => `${stack.url('orders')}${path}`;
const statusesOf = (order: { statusHistory: { status: string }[] }) => order.statusHistory.map((h) => h.status);
const review = (account: TestAccount, body: ReviewBody) => send(stack, account, ordersApi.postReview, { body });
const orderOf = async (account: TestAccount, id: number) => bodyOf(await send(stack, account, ordersApi.get, { params: { id } }));

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users', 'products', 'orders'], env: { MAX_TIME_TO_PROGRESS: '4' } });
  mail = await listenForOrderMail(stack);
  [seller, buyer, other] = await Promise.all([
    createAccount(stack, 'seller'),
    fundedConsumer(stack, 500_000),
    fundedConsumer(stack, 500_000),
  ]);
  [drill, lamp] = await Promise.all([
    createProduct(stack, seller, { price: 20_000, discount: 25, stock: 10, category: 'herramientas' }),
    createProduct(stack, seller, { price: 3_000, stock: 10, category: 'oficinas' }),
  ]);
});
afterAll(async () => {
  await mail?.close();
  await stack?.stop();
});

describe('progression', () => {
  it('delivers an accepted order within about 8 seconds, through RECIBIDO, EN_DISTRIBUCION, ENTREGADO', async () => {
    const placed = await Promise.all([
      buy(stack, buyer, { productId: drill.id, quantity: 2 }),
      buy(stack, buyer, { productId: lamp.id, quantity: 1 }),
      buy(stack, buyer, { productId: lamp.id, quantity: 3 }),
    ]);
    expect(placed.map((r) => r.status)).toEqual([201, 201, 201]);
    for (const { body } of placed) {
      const order = await eventually(
        async () => orderOf(buyer, body.id),
        (o) => o.status === 'ENTREGADO',
        9_000,
        200,
      );
      expect(statusesOf(order)).toEqual(['RECIBIDO', 'EN_DISTRIBUCION', 'ENTREGADO']);
      const times = order.statusHistory.map((h) => Date.parse(h.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      delivered.push(order);
    }
    const message = await mail.first('ORDER_DELIVERED', delivered[0]!.id);
    expect(Value.Check(OrderDeliveredMessage, message)).toBe(true);
    expect(message.reviewUrl).toBe(`http://localhost:8080/orders/${delivered[0]!.id}?action=review`);
    expect(message.receiptUrl).toBe(`http://localhost:8080/orders/${delivered[0]!.id}/receipt`);
    expect(message.order.status).toBe('ENTREGADO');
  });

  it('refuses to cancel a delivered order', async () => {
    const res = await send(stack, buyer, ordersApi.cancel, { params: { id: delivered[0]!.id } });
    expect(res.status).toBe(409);
  });
});

describe('reviews', () => {
  it('takes one review per delivered order from its consumer, and tells products', async () => {
    const [first, second] = delivered;
    expect((await review(buyer, { orderId: first!.id, rating: 4.3, title: 'Bien', summary: 'Bueno' })).status).toBe(400);
    expect((await review(other, { orderId: first!.id, rating: 4, title: 'Bien', summary: 'Bueno' })).status).toBe(404);
    const created = await review(buyer, { orderId: first!.id, rating: 4.5, title: '  Muy bueno ', summary: 'Llegó rápido' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      orderId: first!.id,
      productId: drill.id,
      sellerId: seller.id,
      consumerId: buyer.id,
      consumerName: buyer.username,
      rating: 4.5,
      title: 'Muy bueno',
    });
    const again = await review(buyer, { orderId: first!.id, rating: 1, title: 'Otra', summary: 'Otra vez' });
    expect(again.status).toBe(409);
    // Two at once for the other order: the unique index lets one through.
    const racing = await Promise.all(
      [1, 2].map(() => review(buyer, { orderId: second!.id, rating: 2, title: 'Regular', summary: 'Ok' })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);

    const product = await eventually(
      async () => bodyOf(await send(stack, null, productsApi.get, { params: { id: drill.id } })),
      (p) => p.rating?.count === 1,
    );
    expect(product.rating).toEqual({ average: 4.5, count: 1 });
    const order = await orderOf(seller, first!.id);
    expect(order.review).toMatchObject({ rating: 4.5, title: 'Muy bueno' });

    // The seller hears of each review once: the refused, repeated and racing attempts wrote no mail.
    const reviewMails = () => mail.messages.filter((m) => m.type === 'REVIEW_NEW');
    await eventually(async () => reviewMails().length, (n) => n >= 2);
    expect(reviewMails().map((m) => m.order.id).sort()).toEqual([first!.id, second!.id].sort());
    const told = reviewMails().find((m) => m.order.id === first!.id);
    expect(Value.Check(ReviewNewMessage, told)).toBe(true);
    expect(told).toMatchObject({
      to: { email: seller.email, name: seller.username },
      review: { id: created.body.id, rating: 4.5, title: 'Muy bueno', summary: 'Llegó rápido' },
      productUrl: `http://localhost:8080/products/${drill.id}#opinions`,
      saleUrl: `http://localhost:8080/orders/${first!.id}`,
    });
  });

  it('lists reviews by product, seller and consumer to guests', async () => {
    const byProduct = await send(stack, null, ordersApi.listReviews, { query: { productId: drill.id } });
    expect(byProduct.status).toBe(200);
    expect(byProduct.body.items.map((r) => r.rating)).toEqual([4.5]);
    const bySeller = await send(stack, null, ordersApi.listReviews, { query: { sellerId: seller.id, pageSize: 1 } });
    expect(bySeller.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(bySeller.body.items).toHaveLength(1);
    const byConsumer = await send(stack, null, ordersApi.listReviews, { query: { consumerId: buyer.id } });
    expect(byConsumer.body.total).toBe(2);
    expect((await send(stack, null, ordersApi.listReviews, { query: { consumerId: other.id } })).body.total).toBe(0);
    expect((await http('GET', url('/api/reviews?productId=abc'))).status).toBe(400);
  });
});

describe('analytics', () => {
  it("sums a consumer's delivered purchases, biggest purchase, reviews and categories", async () => {
    const res = await send(stack, buyer, ordersApi.analytics);
    expect(res.status).toBe(200);
    const spent = delivered.reduce((sum, o) => sum + o.total, 0);
    expect(res.body).toMatchObject({
      role: 'consumer',
      deliveredPurchases: 3,
      moneySpent: spent,
      reviews: { count: 2, best: 4.5, worst: 2 },
      topCategories: [
        { category: 'oficinas', count: 2 },
        { category: 'herramientas', count: 1 },
      ],
    });
    expect(res.body).toMatchObject({ biggestPurchase: { productId: drill.id, total: orderTotal(20_000, 25, 2) } });
  });

  it("gives a seller's delivered sales, income, best seller, rating and badge, also publicly", async () => {
    const res = await send(stack, seller, ordersApi.analytics);
    expect(res.body).toMatchObject({
      role: 'seller',
      deliveredSales: 3,
      grossIncome: delivered.reduce((sum, o) => sum + o.total, 0),
      bestSellingProduct: { productId: lamp.id, units: 4 },
      rating: { average: 3.25, count: 2 },
      badge: 'NUEVO',
    });
    const open = await send(stack, null, ordersApi.sellerReputation, { params: { id: seller.id } });
    expect(open.body).toEqual({ sellerId: seller.id, rating: { average: 3.25, count: 2 }, deliveredSales: 3, badge: 'NUEVO' });
    const empty = await send(stack, other, ordersApi.analytics);
    expect(empty.body).toMatchObject({
      deliveredPurchases: 0,
      moneySpent: 0,
      biggestPurchase: null,
      reviews: { count: 0, best: null, worst: null },
    });
  });
});
