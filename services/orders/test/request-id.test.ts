import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersApi } from '@marketshare/contracts';
import { createAccount, eventually, send, startStack, type Stack } from '@marketshare/test-env';
import { createProduct, fundedConsumer, spawnService, type ServiceProcess } from './helpers.js';

// One purchase followed across the services' logs: the id of the request that placed it (X-Request-ID, which the
// gateway sets and the web app passes on) is the id that orders, products and users log the calls it made under,
// because the service client passes it on. The three run as child processes so that their log lines can be read.

const TRACED = ['orders', 'products', 'users'] as const;
type Traced = (typeof TRACED)[number];

let stack: Stack;
const running: Partial<Record<Traced, ServiceProcess>> = {};

beforeAll(async () => {
  stack = await startStack({ services: ['auth'] });
  await Promise.all(TRACED.map(async (name) => (running[name] = await spawnService(stack, name, { LOG_LEVEL: 'debug' }))));
}, 240_000);
afterAll(async () => {
  for (const child of Object.values(running)) await child.kill();
  await stack?.stop();
});

/** The paths a service logged serving requests under `requestId`. */
function pathsLogged(name: Traced, requestId: string): string[] {
  return running[name]!.output.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { reqId?: string; url?: string };
      return entry.reqId === requestId && entry.url ? [entry.url.split('?')[0]!] : [];
    } catch {
      return [];
    }
  });
}

/** Waits for a line under `requestId` from each service (a line is written once its answer has gone). */
const loggedByEveryService = (requestId: string) =>
  eventually(async () => TRACED.every((name) => pathsLogged(name, requestId).length > 0), Boolean, 5_000, 50);

describe('a purchase followed across the services', () => {
  it("is logged under the caller's request id by orders, and by products and users for the calls orders made", async () => {
    const seller = await createAccount(stack, 'seller');
    const buyer = await fundedConsumer(stack, 100_000);
    const product = await createProduct(stack, seller, { price: 1_000, stock: 5 });
    const requestId = `purchase-${randomBytes(6).toString('hex')}`;
    const res = await send(stack, buyer, ordersApi.place, {
      body: { productId: product.id, quantity: 1 },
      headers: { 'x-request-id': requestId },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get('x-request-id')).toBe(requestId);

    await loggedByEveryService(requestId);
    expect(pathsLogged('orders', requestId)).toContain('/api/orders');
    expect(pathsLogged('products', requestId)).toContain('/internal/stock/reserve');
    expect(pathsLogged('users', requestId)).toContain('/internal/balance/debit');
  });

  it('passes on the id orders made itself when the caller sent none, each purchase under its own', async () => {
    const seller = await createAccount(stack, 'seller');
    const buyer = await fundedConsumer(stack, 100_000);
    const product = await createProduct(stack, seller, { price: 1_000, stock: 5 });
    const place = () => send(stack, buyer, ordersApi.place, { body: { productId: product.id, quantity: 1 } });
    const [first, second] = [await place(), await place()];
    const ids = [first, second].map((r) => r.headers.get('x-request-id') ?? '');
    expect(ids[0]).toMatch(/^[\w.-]{8,}$/);
    expect(ids[1]).not.toBe(ids[0]);
    for (const id of ids) {
      await loggedByEveryService(id);
      expect(pathsLogged('orders', id)).toContain('/api/orders');
      expect(pathsLogged('products', id)).toContain('/internal/stock/reserve');
      expect(pathsLogged('users', id)).toContain('/internal/balance/debit');
    }
  });
});
