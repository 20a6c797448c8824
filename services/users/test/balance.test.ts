import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { usersApi, type DebitBody, type RefundBody } from '@marketshare/contracts';
import { bodyOf, createAccount, http, send, serviceToken, startStack, TEST_SECRETS, type Stack, type TestAccount } from '@marketshare/test-env';
import { countRows } from './helpers.js';

let stack: Stack;
let users: string;
let ordersToken: string;
let seller: TestAccount;
let nextOrder = 1000;
const orderId = () => ++nextOrder;

const topUp = (who: TestAccount, amount: number, idempotencyKey?: string) =>
  send(stack, who, usersApi.addFunds, {
    body: { amount },
    headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
  });
const balanceOf = async (who: TestAccount) => bodyOf(await send(stack, who, usersApi.me)).balance?.amount ?? Number.NaN;
const debit = (body: DebitBody, token: string | null = ordersToken) => send(stack, token, usersApi.debit, { body });
const refund = (body: RefundBody, token = ordersToken) => send(stack, token, usersApi.refund, { body });
/** A request as a client may send it, outside the contract (amounts that are no amounts, fields it does not take). */
const sentAsIs = (path: string, json: unknown, token?: string) => http('POST', `${users}${path}`, { token, json });

async function fundedConsumer(amount: number): Promise<TestAccount> {
  const consumer = await createAccount(stack, 'consumer');
  if (amount) expect((await topUp(consumer, amount)).status).toBe(200);
  return consumer;
}

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users'] });
  users = stack.url('users');
  ordersToken = await serviceToken(stack, 'orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET);
  seller = await createAccount(stack, 'seller');
});
afterAll(async () => {
  await stack?.stop();
});

describe('top-ups', () => {
  it('adds to a consumer balance, shown on /api/users/me, and records it in the ledger', async () => {
    const consumer = await fundedConsumer(0);
    const res = await topUp(consumer, 150_000);
    expect(res.status).toBe(200);
    expect(res.body.balance).toEqual({ amount: 150_000, currency: 'ARS' });
    expect((await topUp(consumer, 50)).body.balance?.amount).toBe(150_050);
    expect(await balanceOf(consumer)).toBe(150_050);
    expect(await countRows(stack, "SELECT count(*) AS n FROM ledger_entries WHERE user_id = ? AND kind = 'TOPUP'", [consumer.id])).toBe(2);
  });

  it('is for consumers only: a seller gets 403, a guest 401', async () => {
    expect((await topUp(seller, 100)).status).toBe(403);
    expect((await send(stack, null, usersApi.addFunds, { body: { amount: 100 } })).status).toBe(401);
  });

  it('refuses zero, negative, fractional, textual, oversized and missing amounts with 400', async () => {
    const consumer = await fundedConsumer(0);
    for (const amount of [0, -5, 1.5, '100', 10_000_000_001, null, undefined]) {
      const res = await sentAsIs('/api/users/me/funds', { amount }, consumer.token);
      expect(res.status, String(amount)).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('amount');
    }
    const over = await sentAsIs('/api/users/me/funds', { amount: 10_000_000_001 }, consumer.token);
    expect(over.body.details).toEqual([expect.objectContaining({ field: 'amount', code: 'maximum', params: { limit: 10_000_000_000 } })]);
    expect(await balanceOf(consumer)).toBe(0);
  });
});

describe('top-ups with an Idempotency-Key', () => {
  const keyedTopUps = (who: TestAccount) =>
    countRows(stack, "SELECT count(*) AS n FROM ledger_entries WHERE user_id = ? AND kind = 'TOPUP'", [who.id]);

  it('credits once for a key sent twice, and answers the retry with the balance the first one left', async () => {
    const consumer = await fundedConsumer(0);
    const first = await topUp(consumer, 5_000, 'double-click-1');
    expect(first.status).toBe(200);
    expect(first.body.balance).toEqual({ amount: 5_000, currency: 'ARS' });
    // the balance moves in between; the retry still answers as the first request did
    expect((await debit({ orderId: orderId(), consumerId: consumer.id, amount: 1_000 })).status).toBe(200);
    const retry = await topUp(consumer, 5_000, 'double-click-1');
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await balanceOf(consumer)).toBe(4_000);
    expect(await keyedTopUps(consumer)).toBe(1);
    // a new key is a new top-up
    expect((await topUp(consumer, 5_000, 'double-click-2')).body.balance?.amount).toBe(9_000);
  });

  it('refuses the key with another amount with 422 idempotency_key_reused and moves nothing', async () => {
    const consumer = await fundedConsumer(0);
    expect((await topUp(consumer, 700, 'reused')).status).toBe(200);
    const other = await topUp(consumer, 701, 'reused');
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('idempotency_key_reused');
    expect(await balanceOf(consumer)).toBe(700);
  });

  it('credits once when identical requests race', async () => {
    const consumer = await fundedConsumer(0);
    const answers = await Promise.all(Array.from({ length: 8 }, () => topUp(consumer, 2_500, 'racing')));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.body.balance?.amount))).toEqual(new Set([2_500]));
    expect(await balanceOf(consumer)).toBe(2_500);
    expect(await keyedTopUps(consumer)).toBe(1);
    // the lock orders them; the unique index is what guarantees it
    const unique = "SELECT count(*) AS n FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name = 'ledger_user_key_uq' AND non_unique = 0";
    expect(await countRows(stack, unique)).toBe(2);
  });

  it("keeps keys per consumer, compares them exactly and leaves unkeyed top-ups as they were", async () => {
    const [a, b] = await Promise.all([fundedConsumer(0), fundedConsumer(0)]);
    expect((await topUp(a, 100, 'shared-key')).status).toBe(200);
    expect((await topUp(b, 100, 'shared-key')).body.balance?.amount).toBe(100);
    expect((await topUp(a, 100, 'SHARED-KEY')).body.balance?.amount).toBe(200);
    expect((await topUp(a, 100)).body.balance?.amount).toBe(300);
    expect((await topUp(a, 100)).body.balance?.amount).toBe(400);
  });

  it('refuses an empty, overlong or non-ASCII key with 400', async () => {
    const consumer = await fundedConsumer(0);
    for (const key of ['', 'x'.repeat(101), 'with space', 'clé']) {
      const res = await topUp(consumer, 100, key);
      expect(res.status, JSON.stringify(key)).toBe(400);
    }
    expect(await balanceOf(consumer)).toBe(0);
  });
});

describe('debits for orders', () => {
  it('charges an order once: a retry answers the same and moves nothing', async () => {
    const consumer = await fundedConsumer(10_000);
    const order = { orderId: orderId(), consumerId: consumer.id, amount: 2_500 };
    const first = await debit(order);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ balance: 7_500 });
    const again = await debit(order);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ balance: 7_500 });
    expect(await balanceOf(consumer)).toBe(7_500);
    // the same order id for another amount is not a retry
    expect((await debit({ ...order, amount: 1 })).status).toBe(409);
    expect(await balanceOf(consumer)).toBe(7_500);
  });

  it('refuses what the balance does not cover with 409 insufficient_funds and records nothing', async () => {
    const consumer = await fundedConsumer(1_000);
    const res = await debit({ orderId: orderId(), consumerId: consumer.id, amount: 1_001 });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('insufficient_funds');
    expect(await balanceOf(consumer)).toBe(1_000);
    expect(await countRows(stack, "SELECT count(*) AS n FROM ledger_entries WHERE user_id = ? AND kind = 'DEBIT'", [consumer.id])).toBe(0);
  });

  it('never goes below zero under 50 parallel debits of different orders', async () => {
    const consumer = await fundedConsumer(2_000); // covers 20 of the 50
    const results = await Promise.all(
      Array.from({ length: 50 }, () => debit({ orderId: orderId(), consumerId: consumer.id, amount: 100 })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    expect(await balanceOf(consumer)).toBe(0);
    expect(await countRows(stack, "SELECT count(*) AS n FROM ledger_entries WHERE user_id = ? AND kind = 'DEBIT'", [consumer.id])).toBe(20);
  });

  it('charges once when the same order is sent 20 times at once', async () => {
    const consumer = await fundedConsumer(5_000);
    const order = { orderId: orderId(), consumerId: consumer.id, amount: 1_000 };
    const results = await Promise.all(Array.from({ length: 20 }, () => debit(order)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.balance))).toEqual(new Set([4_000]));
    expect(await balanceOf(consumer)).toBe(4_000);
  });

  it('charges only one consumer when one order id is sent for several at once', async () => {
    const consumers = await Promise.all(Array.from({ length: 4 }, () => fundedConsumer(1_000)));
    const id = orderId();
    const results = await Promise.all(consumers.map((c) => debit({ orderId: id, consumerId: c.id, amount: 300 })));
    expect(results.map((r) => r.status).sort((a, b) => a - b)).toEqual([200, 409, 409, 409]);
    const balances = await Promise.all(consumers.map(balanceOf));
    expect(balances.sort((a, b) => a - b)).toEqual([700, 1_000, 1_000, 1_000]);
    // The refused ones left nothing half done behind: their balances still take debits.
    for (const c of consumers) expect((await debit({ orderId: orderId(), consumerId: c.id, amount: 100 })).status).toBe(200);
  });

  it('answers 404 for a seller or unknown consumer, and 400 for malformed bodies', async () => {
    expect((await debit({ orderId: orderId(), consumerId: seller.id, amount: 1 })).status).toBe(404);
    expect((await debit({ orderId: orderId(), consumerId: 999_999, amount: 1 })).status).toBe(404);
    for (const body of [
      { orderId: orderId(), consumerId: 1, amount: -1 },
      { orderId: orderId(), consumerId: 1, amount: 1.5 },
      { orderId: 0, consumerId: 1, amount: 1 },
      { orderId: 2 ** 31, consumerId: 1, amount: 1 },
      { orderId: orderId(), consumerId: 1 },
      { orderId: orderId(), consumerId: 1, amount: 1, price: 1 },
    ]) {
      expect((await sentAsIs('/internal/balance/debit', body, ordersToken)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('is for orders-service only', async () => {
    const consumer = await fundedConsumer(1_000);
    const body = { orderId: orderId(), consumerId: consumer.id, amount: 1 };
    expect((await debit(body, consumer.token)).status).toBe(403);
    const products = await serviceToken(stack, 'products-service', TEST_SECRETS.PRODUCTS_CLIENT_SECRET);
    expect((await debit(body, products)).status).toBe(403);
    expect((await debit(body, null)).status).toBe(401);
    expect(await balanceOf(consumer)).toBe(1_000);
  });
});

describe('the profile cache', () => {
  it('never shows a balance older than this service’s last write', async () => {
    const consumer = await fundedConsumer(10_000);
    expect(await balanceOf(consumer)).toBe(10_000); // now cached
    expect((await debit({ orderId: orderId(), consumerId: consumer.id, amount: 4_000 })).status).toBe(200);
    expect(await balanceOf(consumer)).toBe(6_000);
    expect((await topUp(consumer, 1)).status).toBe(200);
    expect(await balanceOf(consumer)).toBe(6_001);
  });
});

describe('refunds', () => {
  it('gives back exactly what the order was debited, once, also when asked in parallel', async () => {
    const consumer = await fundedConsumer(3_000);
    const id = orderId();
    await debit({ orderId: id, consumerId: consumer.id, amount: 1_200 });
    const results = await Promise.all(Array.from({ length: 10 }, () => refund({ orderId: id, consumerId: consumer.id })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await balanceOf(consumer)).toBe(3_000);
    expect((await refund({ orderId: id, consumerId: consumer.id })).body).toEqual({ balance: 3_000 });
    expect(await balanceOf(consumer)).toBe(3_000);
  });

  it('answers 404 for an order never debited and 409 for another consumer', async () => {
    const consumer = await fundedConsumer(500);
    const other = await fundedConsumer(500);
    expect((await refund({ orderId: orderId(), consumerId: consumer.id })).status).toBe(404);
    const id = orderId();
    await debit({ orderId: id, consumerId: consumer.id, amount: 200 });
    expect((await refund({ orderId: id, consumerId: other.id })).status).toBe(409);
    expect(await balanceOf(other)).toBe(500);
    expect(await balanceOf(consumer)).toBe(300);
  });
});
