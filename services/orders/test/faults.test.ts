import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, eventually, http, startStack, type Stack, type TestAccount } from '@marketshare/test-env';
import {
  balanceOf,
  buy,
  createProduct,
  fundedConsumer,
  listenForOrderMail,
  ordersSql,
  spawnService,
  stockOf,
  type Mailbag,
  type ServiceProcess,
} from './helpers.js';

// The orders service killed with SIGKILL in the middle of a burst of purchases, then started again. It runs as a
// child process here (the rest of the stack in-process) so that it can really die.

let stack: Stack;
let orders: ServiceProcess | undefined;
let mail: Mailbag;

const startOrders = async () => {
  orders = await spawnService(stack, 'orders', { MAX_TIME_TO_PROGRESS: '2', LOG_LEVEL: 'error' });
};
const killOrders = async () => orders?.kill();

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users', 'products'] });
  mail = await listenForOrderMail(stack);
  await startOrders();
});
afterAll(async () => {
  await killOrders();
  await mail?.close();
  await stack?.stop();
});

describe('a crash in the middle of a burst of purchases', () => {
  it('leaves every order accepted with stock and money moved once, or rejected with nothing moved; none stuck', async () => {
    const price = 1_000;
    const funds = 5_000; // five purchases each: the sixth is rejected for money unless stock ran out first
    const stock = 30;
    const seller: TestAccount = await createAccount(stack, 'seller');
    const item = await createProduct(stack, seller, { price, stock });
    const buyers = await Promise.all(Array.from({ length: 8 }, () => fundedConsumer(stack, funds)));

    const burst = Array.from({ length: 48 }, (_, i) =>
      buy(stack, buyers[i % 8]!, { productId: item.id, quantity: 1 }, i % 2 ? `burst-${i}` : undefined).then(
        (r) => r.status,
        () => 'no answer',
      ),
    );
    // Kill it once a few orders have settled, while the rest are on their way: half-done sagas are left behind.
    const settledCount = async () =>
      Number((await ordersSql(stack, `SELECT count(*) AS n FROM orders WHERE phase = 'DONE'`))[0].n);
    await eventually(settledCount, (n) => n >= 5, 20_000, 10);
    await killOrders();
    const answers = await Promise.all(burst);
    expect(answers).toContain('no answer');
    expect(await ordersSql(stack, `SELECT id FROM orders WHERE phase <> 'DONE'`)).not.toEqual([]);
    expect(answers.filter((a) => typeof a === 'number' && a >= 500)).toEqual([]);

    await startOrders();
    const unsettled = await eventually(
      () => ordersSql(stack, `SELECT id FROM orders WHERE phase <> 'DONE'`),
      (rows) => rows.length === 0,
      30_000,
      250,
    );
    expect(unsettled).toEqual([]);

    const all = await ordersSql<{ id: number; consumer_id: number; status: string; total: string }>(
      stack,
      'SELECT id, consumer_id, status, total FROM orders',
    );
    const accepted = all.filter((o) => ['RECIBIDO', 'EN_DISTRIBUCION', 'ENTREGADO'].includes(o.status));
    expect(all.every((o) => ['RECIBIDO', 'EN_DISTRIBUCION', 'ENTREGADO', 'SIN_STOCK', 'RECHAZADO'].includes(o.status))).toBe(
      true,
    );
    expect(accepted.length).toBeGreaterThan(0);
    expect(await stockOf(stack, item.id)).toBe(stock - accepted.length);
    for (const buyer of buyers) {
      const spent = accepted.filter((o) => o.consumer_id === buyer.id).reduce((sum, o) => sum + Number(o.total), 0);
      expect(await balanceOf(stack, buyer)).toBe(funds - spent);
    }

    // Progression resumes from the stored schedule, and every accepted order is announced (at least once).
    const notDelivered = await eventually(
      () => ordersSql(stack, `SELECT id FROM orders WHERE status IN ('RECIBIDO', 'EN_DISTRIBUCION')`),
      (rows) => rows.length === 0,
      15_000,
      250,
    );
    expect(notDelivered).toEqual([]);
    const announced = await eventually(
      async () => new Set(mail.messages.filter((m) => m.type === 'ORDER_CREATED').map((m) => m.order.id)),
      (ids) => ids.size >= accepted.length,
    );
    expect([...announced].sort()).toEqual(accepted.map((o) => o.id).sort());

    // A purchase retried with its key after the crash answers with the order the first attempt left.
    const keyed = await ordersSql<{ id: number; consumer_id: number; idempotency_key: string }>(
      stack,
      'SELECT id, consumer_id, idempotency_key FROM orders WHERE idempotency_key IS NOT NULL LIMIT 1',
    );
    const owner = buyers.find((b) => b.id === keyed[0]!.consumer_id)!;
    const replay = await buy(stack, owner, { productId: item.id, quantity: 1 }, keyed[0]!.idempotency_key);
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(keyed[0]!.id);
    expect((await http('GET', `${stack.url('orders')}/readyz`)).status).toBe(200);
  });
});
