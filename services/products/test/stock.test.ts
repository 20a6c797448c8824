import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productsApi, type RatingBody, type ReserveStockBody } from '@marketshare/contracts';
import { bodyOf, http, send, serviceToken, TEST_SECRETS, type Caller, type Stack, type TestAccount } from '@marketshare/test-env';
import { createProduct, startCatalogStack } from './fixtures.js';

let stack: Stack;
let base: string;
let seller: TestAccount;
let ordersToken: string;
let nextOrderId = 1000;

beforeAll(async () => {
  ({ stack, base, seller, ordersToken } = await startCatalogStack());
});
afterAll(async () => {
  await stack?.stop();
});

const reserve = (body: ReserveStockBody, who: Caller = ordersToken) => send(stack, who, productsApi.reserveStock, { body });
/** A reservation as a caller may send it, outside the contract (the body tests of what is refused). */
const reserveAsIs = (json: unknown) => http('POST', `${base}/internal/stock/reserve`, { token: ordersToken, json });
const release = (orderId: number, who: Caller = ordersToken) => send(stack, who, productsApi.releaseStock, { body: { orderId } });
const stockOf = async (id: number) => bodyOf(await send(stack, ordersToken, productsApi.internalProduct, { params: { id } })).stock;
const publicProduct = async (id: number) => bodyOf(await send(stack, null, productsApi.get, { params: { id } }));
const update = (id: number, body: { price?: number; discount?: number }) => send(stack, seller, productsApi.update, { params: { id }, body });

describe('stock for the orders service', () => {
  it('grants exactly the stock there is when 200 orders race for 50 units', async () => {
    const product = await createProduct(stack, seller, { stock: 50 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => reserve({ orderId: nextOrderId++, productId: product.id, quantity: 1 })),
    );
    const granted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(granted).toHaveLength(50);
    expect(refused).toHaveLength(150);
    expect(refused.every((r) => r.body.error === 'insufficient_stock')).toBe(true);
    expect(new Set(granted.map((r) => r.body.stock)).size).toBe(50); // each grant saw its own decrement
    expect(await stockOf(product.id)).toBe(0);
    expect((await publicProduct(product.id)).stock).toBe(0);
  });

  it('decides each reservation on its own when many arrive together (they share one statement)', async () => {
    const product = await createProduct(stack, seller, { stock: 3, price: 1000, discount: 10 });
    const other = await createProduct(stack, seller, { stock: 1 });
    const priced = { productId: product.id, quantity: 1, unitPrice: 1000, discount: 10 };
    const first = nextOrderId++;
    const results = await Promise.all([
      reserve({ ...priced, orderId: first }),
      reserve({ ...priced, orderId: first }), // the same order twice: one reservation
      ...Array.from({ length: 5 }, () => reserve({ ...priced, orderId: nextOrderId++ })),
      reserve({ ...priced, orderId: nextOrderId++, unitPrice: 900 }), // priced at an old price
      reserve({ orderId: nextOrderId++, productId: 999_999, quantity: 1 }), // no such product
      reserve({ orderId: nextOrderId++, productId: other.id, quantity: 1 }), // another product in the same batch
    ]);
    const [a, b, ...rest] = results;
    const [stale, unknown, elsewhere] = rest.slice(5);
    expect(a!.body).toEqual(b!.body);
    const granted = new Set(results.slice(0, 7).filter((r) => r.status === 200).map((r) => r.body.orderId));
    expect(granted.size).toBe(3);
    expect(results.slice(0, 7).filter((r) => r.status === 409).every((r) => r.body.error === 'insufficient_stock')).toBe(true);
    expect([stale!.status, stale!.body.error]).toEqual([409, 'price_changed']);
    expect(unknown!.status).toBe(404);
    expect([elsewhere!.status, elsewhere!.body.stock]).toEqual([200, 0]);
    expect(await stockOf(product.id)).toBe(0);
    expect(await stockOf(other.id)).toBe(0);
  });

  it('moves stock once for the same order id, and releases it exactly once', async () => {
    const product = await createProduct(stack, seller, { stock: 10 });
    const orderId = nextOrderId++;
    const body = { orderId, productId: product.id, quantity: 3 };
    const [first, second] = await Promise.all([reserve(body), reserve(body)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.stock).toBe(7);
    expect(second.body.stock).toBe(7);
    expect((await reserve(body)).body).toMatchObject({ orderId, stock: 7, released: false });
    expect(await stockOf(product.id)).toBe(7);

    const mismatch = await reserve({ ...body, quantity: 4 });
    expect(mismatch.status).toBe(409);
    expect(await stockOf(product.id)).toBe(7);

    const releases = await Promise.all([release(orderId), release(orderId), release(orderId)]);
    expect(releases.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(releases.every((r) => r.body.released === true)).toBe(true);
    expect(await stockOf(product.id)).toBe(10);
    // A released order reserved again does not take the stock a second time.
    expect((await reserve(body)).body).toMatchObject({ released: true, stock: 10 });
    expect(await stockOf(product.id)).toBe(10);
    expect((await release(nextOrderId++)).status).toBe(404);
  });

  it('records nothing for a refused order, so its id can try again later', async () => {
    const product = await createProduct(stack, seller, { stock: 2 });
    const orderId = nextOrderId++;
    const refused = await reserve({ orderId, productId: product.id, quantity: 3 });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('insufficient_stock');
    expect((await release(orderId)).status).toBe(404);
    // Duplicates racing a refusal are refused too: each one finds the refused attempt's row gone.
    const raced = await Promise.all(Array.from({ length: 10 }, () => reserve({ orderId, productId: product.id, quantity: 3 })));
    expect(raced.map((r) => r.body.error)).toEqual(Array(10).fill('insufficient_stock'));
    expect((await release(orderId)).status).toBe(404);
    expect((await reserve({ orderId, productId: product.id, quantity: 2 })).body.stock).toBe(0);
  });

  it('grants a reservation only at the price and discount the order names, checked once per order', async () => {
    const product = await createProduct(stack, seller, { stock: 30, price: 5_000, discount: 20 });
    const order = { orderId: nextOrderId++, productId: product.id, quantity: 2 };
    for (const stale of [
      { unitPrice: 4_999, discount: 20 },
      { unitPrice: 5_000, discount: 10 },
      { unitPrice: 5_001 },
      { discount: 0 },
    ]) {
      const res = await reserve({ ...order, ...stale });
      expect(res.status, JSON.stringify(stale)).toBe(409);
      expect(res.body.error).toBe('price_changed');
    }
    expect((await release(order.orderId)).status).toBe(404); // nothing recorded
    expect(await stockOf(product.id)).toBe(30);

    // Racing a price change: every grant was at the price it named.
    const racing = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        reserve({ orderId: nextOrderId++, productId: product.id, quantity: 1, unitPrice: 5_000, discount: 20 + (i % 2) * 5 }),
      ),
    );
    const edit = update(product.id, { discount: 25 });
    const [results, edited] = await Promise.all([racing, edit]);
    expect(edited.status).toBe(200);
    expect(results.every((r) => r.status === 200 || r.body.error === 'price_changed')).toBe(true);
    const granted = results.filter((r) => r.status === 200).length;
    expect(await stockOf(product.id)).toBe(30 - granted);

    const first = await reserve({ ...order, unitPrice: 5_000, discount: 25 });
    expect(first.body).toMatchObject({ stock: 28 - granted, released: false });
    // A retry answers what the first call did, whatever the price is by now.
    await update(product.id, { price: 6_000 });
    expect((await reserve({ ...order, unitPrice: 5_000, discount: 25 })).body).toMatchObject({
      stock: first.body.stock,
      released: false,
    });
    expect((await reserve(order)).status).toBe(200);
  });

  it('refuses unknown and deleted products', async () => {
    expect((await reserve({ orderId: nextOrderId++, productId: 2147483647, quantity: 1 })).status).toBe(404);
    const product = await createProduct(stack, seller, { stock: 5 });
    await send(stack, seller, productsApi.delete, { params: { id: product.id } });
    const res = await reserve({ orderId: nextOrderId++, productId: product.id, quantity: 1 });
    expect(res.status).toBe(409);
    expect(await stockOf(product.id)).toBe(5);
  });

  it('answers only the orders service', async () => {
    const product = await createProduct(stack, seller, { stock: 5 });
    const body = { orderId: nextOrderId++, productId: product.id, quantity: 1 };
    const productsToken = await serviceToken(stack, 'products-service', TEST_SECRETS.PRODUCTS_CLIENT_SECRET);
    expect((await reserve(body, seller)).status).toBe(403);
    expect((await reserve(body, productsToken)).status).toBe(403);
    expect((await reserve(body, null)).status).toBe(401);
    expect((await release(body.orderId, seller)).status).toBe(403);
    expect(await stockOf(product.id)).toBe(5);
  });

  it.each([
    [{ orderId: 1, productId: 1, quantity: 0 }, 'quantity'],
    [{ orderId: 1, productId: 1, quantity: 1.5 }, 'quantity'],
    [{ orderId: 1, productId: 1, quantity: -1 }, 'quantity'],
    [{ orderId: 'x', productId: 1, quantity: 1 }, 'orderId'],
    [{ orderId: 1, quantity: 1 }, 'productId'],
    [{ orderId: 1, productId: 3e9, quantity: 1 }, 'productId'],
    [{ orderId: 1, productId: 1, quantity: 1, price: 0 }, 'price'],
  ])('refuses the reservation %j with a 400 naming %s', async (body, field) => {
    const res = await reserveAsIs(body);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});

describe('ratings from reviews', () => {
  const rate = (body: RatingBody, who: Caller = ordersToken) => send(stack, who, productsApi.recordRating, { body });
  /** A rating that may be off the contract (text, off the half-star scale). */
  const rateAsIs = (json: unknown) => http('POST', `${base}/internal/ratings`, { token: ordersToken, json });

  it('keeps an exact average, counting each review once', async () => {
    const product = await createProduct(stack, seller);
    expect((await publicProduct(product.id)).rating).toEqual({ average: 0, count: 0 });
    expect((await rate({ productId: product.id, reviewId: 1, rating: 4.5 })).body.rating).toEqual({ average: 4.5, count: 1 });
    const again = await Promise.all([1, 2, 3].map(() => rate({ productId: product.id, reviewId: 2, rating: 2 })));
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await rate({ productId: product.id, reviewId: 3, rating: 0 })).status).toBe(200);
    expect((await publicProduct(product.id)).rating).toEqual({ average: 6.5 / 3, count: 3 });
    expect((await rate({ productId: product.id, reviewId: 3, rating: 5 })).status).toBe(409);
  });

  it('refuses ratings off the half-star scale and unknown products', async () => {
    for (const rating of [5.5, -0.5, 4.3, '4']) {
      const res = await rateAsIs({ productId: 1, reviewId: 99, rating });
      expect(res.status, String(rating)).toBe(400);
      expect(res.body.details[0].field).toBe('rating');
    }
    expect((await rate({ productId: 2147483647, reviewId: 100, rating: 3 })).status).toBe(404);
    expect((await rate({ productId: 1, reviewId: 101, rating: 3 }, seller)).status).toBe(403);
  });
});
