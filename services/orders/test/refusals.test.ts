import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_CODES, PERSON_ERROR_CODES, ordersApi, productsApi, type ErrorBody } from '@marketshare/contracts';
import { bodyOf, createAccount, eventually, send, startStack, type Stack, type TestAccount } from '@marketshare/test-env';
import { buy, createProduct, fundedConsumer } from './helpers.js';

// Every refusal a buyer's or seller's page can get from the orders service carries a stable code, and the params a
// page needs to word it in the person's language (a status, a total in minor units): the `message` is English for
// people reading the API, and the web app never shows it. Orders progress within about 4 s here.

let stack: Stack;
let seller: TestAccount;
let buyer: TestAccount;
let stranger: TestAccount;

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users', 'products', 'orders'], env: { MAX_TIME_TO_PROGRESS: '2', PRODUCT_CACHE_MS: '0' } });
  [seller, buyer, stranger] = await Promise.all([createAccount(stack, 'seller'), fundedConsumer(stack, 1_000_000), fundedConsumer(stack, 1_000)]);
});
afterAll(async () => {
  await stack?.stop();
});

const SCHEMA_KEYWORDS = ['required', 'format', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'type', 'enum', 'multipleOf', 'additionalProperties'];
/** Every refusal is worded from codes a client knows: its own, and each of its details'. */
function expectCoded(body: Partial<ErrorBody>) {
  expect(PERSON_ERROR_CODES as readonly string[], JSON.stringify(body)).toContain(body.error);
  for (const d of body.details ?? []) expect([...SCHEMA_KEYWORDS, ...DETAIL_CODES], JSON.stringify(d)).toContain(d.code);
}
const cancel = (who: TestAccount, id: number) => send(stack, who, ordersApi.cancel, { params: { id } });
const review = (who: TestAccount, orderId: number) =>
  send(stack, who, ordersApi.postReview, { body: { orderId, rating: 4, title: 'Good', summary: 'As described' } });
const statusOf = async (id: number) => bodyOf(await send(stack, buyer, ordersApi.get, { params: { id } })).status;

describe('refusals a page can meet carry codes and params', () => {
  it('buying: a product gone, a colour no longer offered, a price that went up, a key used for another purchase', async () => {
    const product = await createProduct(stack, seller, { price: 10_000, stock: 5, colors: ['rojo', 'negro'] });

    const colour = await buy(stack, buyer, { productId: product.id, quantity: 1, color: 'verde' });
    expect([colour.status, colour.body.error]).toEqual([400, 'validation_failed']);
    expect(colour.body.details).toEqual([expect.objectContaining({ field: 'color', code: 'color_not_offered', params: { colors: 'rojo,negro' } })]);

    const raised = await buy(stack, buyer, { productId: product.id, quantity: 2, maxTotal: 19_999 });
    expect([raised.status, raised.body.error]).toEqual([409, 'price_changed']);
    expect(raised.body.params).toEqual({ total: 20_000, currency: 'ARS' });

    const key = crypto.randomUUID();
    expect((await buy(stack, buyer, { productId: product.id, quantity: 1 }, key)).status).toBe(201);
    const reused = await buy(stack, buyer, { productId: product.id, quantity: 2 }, key);
    expect([reused.status, reused.body.error]).toEqual([422, 'idempotency_key_reused']);

    expect((await send(stack, seller, productsApi.delete, { params: { id: product.id } })).status).toBe(204);
    const gone = await buy(stack, buyer, { productId: product.id, quantity: 1 });
    expect([gone.status, gone.body.error]).toEqual([404, 'product_not_found']);
    const never = await buy(stack, buyer, { productId: 2147483647, quantity: 1 });
    expect([never.status, never.body.error]).toEqual([404, 'product_not_found']);
    for (const res of [colour, raised, reused, gone]) expectCoded(res.body);
  });

  it('cancelling and reviewing: an order not theirs, one past cancelling, one not delivered, one already reviewed', async () => {
    const product = await createProduct(stack, seller, { price: 1_000, stock: 5 });
    const delivered = bodyOf(await buy(stack, buyer, { productId: product.id, quantity: 1 }), 201);
    const cancelled = bodyOf(await buy(stack, buyer, { productId: product.id, quantity: 1 }), 201);
    expect(bodyOf(await cancel(buyer, cancelled.id)).status).toBe('CANCELADO');

    const missing = await cancel(buyer, 2147483647);
    expect([missing.status, missing.body.error]).toEqual([404, 'order_not_found']);
    // someone else's order answers as a missing one; a seller may cancel no order at all
    expect((await cancel(stranger, delivered.id)).body.error).toBe('order_not_found');
    const bySeller = await cancel(seller, delivered.id);
    expect([bySeller.status, bySeller.body.error]).toEqual([403, 'forbidden']);

    const again = await cancel(buyer, cancelled.id);
    expect([again.status, again.body.error]).toEqual([409, 'order_not_cancellable']);
    expect(again.body.params).toEqual({ status: 'CANCELADO' });
    const early = await review(buyer, cancelled.id);
    expect([early.status, early.body.error]).toEqual([409, 'order_not_delivered']);
    expect(early.body.params).toEqual({ status: 'CANCELADO' });

    await eventually(() => statusOf(delivered.id), (s) => s === 'ENTREGADO', 30_000, 200);
    const late = await cancel(buyer, delivered.id);
    expect([late.status, late.body.error]).toEqual([409, 'order_not_cancellable']);
    expect(late.body.params).toEqual({ status: 'ENTREGADO' });
    expect((await review(buyer, delivered.id)).status).toBe(201);
    const twice = await review(buyer, delivered.id);
    expect([twice.status, twice.body.error]).toEqual([409, 'already_reviewed']);
    for (const res of [missing, bySeller, again, early, late, twice]) expectCoded(res.body);
  });
});
