import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, eventually, http, login, MYSQL_ROOT, PG_ROOT, RABBITMQ_URL, WEB_CLIENT, type Stack, type TestAccount } from '@marketshare/test-env';
// @ts-expect-error the start script is plain JavaScript
import { startSystem, systemEnv } from '../start.mjs';
// @ts-expect-error the start script is plain JavaScript
import { dropDatabases } from '../lib/databases.mjs';

// The whole system (without web: its pages are not what replicas change) as `npm start` runs it with
// SERVICE_REPLICAS=2: two processes of every service behind the HAProxy gateway, which reaches each service's
// replicas through its internal entries too. Every request below goes through the gateway unless it names one
// replica's own port to prove a piece of state is shared.
// It starts a dozen processes, so it runs only when asked: MARKETSHARE_REPLICAS_TEST=1 npx vitest run <this file>
// (under the machine's whole-system lock). Until it has passed here once it stays out of the default run.
const wanted = process.env.MARKETSHARE_REPLICAS_TEST === '1';

interface Replica {
  name: string;
  service: string;
  port: number;
}
interface System {
  stop(): Promise<void>;
  replicas: Replica[];
  restart(name: string, opts?: { signal?: NodeJS.Signals }): Promise<void>;
}

const id = randomBytes(3).toString('hex');
// a block of 200 ports below the kernel's ephemeral range: replica k of a process listens 100 above replica k-1
const base = 20_000 + 200 * Math.floor(Math.random() * 60);
const PRICE = 1000;

let system: System;
let env: Record<string, string>;
let gateway: string;
let stack: Stack;
let seller: TestAccount;
const ordersDb = () => new pg.Client({ connectionString: env.ORDERS_DATABASE_URL });

const replicaUrl = (name: string) => `http://127.0.0.1:${system.replicas.find((r) => r.name === name)!.port}`;

async function consumerWith(amount: number): Promise<TestAccount> {
  const c = await createAccount(stack, 'consumer');
  const res = await http('POST', `${gateway}/api/users/me/funds`, { token: c.token, json: { amount } });
  if (res.status !== 200) throw new Error(`funding failed: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}

async function product(stock: number): Promise<number> {
  const res = await http('POST', `${gateway}/api/products`, {
    token: seller.token,
    json: {
      name: `Réplica ${randomBytes(3).toString('hex')}`,
      description: 'Para probar réplicas',
      category: 'herramientas',
      colors: ['rojo'],
      price: PRICE,
      discount: 0,
      stock,
      features: { text: 'Apto para pruebas', rows: [] },
    },
  });
  if (res.status !== 201) throw new Error(`product failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

const buy = (c: TestAccount, productId: number) =>
  http('POST', `${gateway}/api/orders`, { token: c.token, json: { productId, quantity: 1 } }).catch((e: Error) => ({ status: 0, body: e.message, headers: new Headers() }));
const balance = async (c: TestAccount) => (await http('GET', `${gateway}/api/users/me`, { token: c.token })).body.balance.amount as number;

/** Every order of a product, as orders' database holds it. */
async function ordersOf(productId: number) {
  const db = ordersDb();
  await db.connect();
  try {
    const { rows } = await db.query('select id, consumer_id, status, phase, compensation, status_history, total from orders where product_id = $1', [productId]);
    return rows as { id: number; consumer_id: number; status: string | null; phase: string; compensation: string | null; status_history: { status: string }[]; total: string }[];
  } finally {
    await db.end();
  }
}

/** A product's stock as any products replica answers it once the catalog cache has passed. */
const stockOf = async (productId: number) => (await http('GET', `${gateway}/api/products/${productId}`)).body.stock as number;

beforeAll(async () => {
  if (!wanted) return;
  const p = (n: number) => String(base + n);
  env = systemEnv({
    SERVICE_REPLICAS: '2',
    GATEWAY_PORT: p(0), GATEWAY_STATS_PORT: p(2), WEB_PORT: p(4), MAILBOX_SMTP_PORT: p(6), MAILBOX_WEB_PORT: p(8),
    AUTH_PORT: p(10), ORDERS_PORT: p(20), PRODUCTS_PORT: p(30), USERS_PORT: p(40), EMAILS_PORT: p(50),
    PUBLIC_URL: `http://localhost:${p(0)}`,
    AUTH_DATABASE_URL: `${PG_ROOT}/t_auth_${id}`,
    USERS_DATABASE_URL: `${MYSQL_ROOT}/t_users_${id}`,
    PRODUCTS_DATABASE_URL: `${PG_ROOT}/t_products_${id}`,
    ORDERS_DATABASE_URL: `${PG_ROOT}/t_orders_${id}`,
    EMAILS_DATABASE_URL: `${PG_ROOT}/t_emails_${id}`,
    RABBITMQ_URL,
    EMAIL_EXCHANGE: `emails_${id}`,
    EMAIL_QUEUE_PREFIX: `t_${id}.`,
    SMTP_URL: `smtp://127.0.0.1:${p(6)}`,
    IMAGES_DIR: `/tmp/marketshare-test-images/${id}`,
    MAX_TIME_TO_PROGRESS: '2',
    LOG_LEVEL: 'warn',
    REGISTRATIONS_PER_MINUTE: '1000',
  }) as Record<string, string>;
  gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  stack = { env, services: {}, url: () => gateway } as unknown as Stack;
  system = (await startSystem(env, { seed: false, web: false })) as System;
  seller = await createAccount(stack, 'seller');
}, 240_000);

afterAll(async () => {
  await system?.stop();
  if (env) await dropDatabases(env).catch(() => undefined);
}, 60_000);

describe.skipIf(!wanted)('two replicas of every service behind the gateway', () => {
  it('runs two processes of each service and the gateway balances over them', () => {
    const names = system.replicas.map((r) => r.name).sort();
    expect(names).toEqual(['auth-1', 'auth-2', 'emails-1', 'emails-2', 'orders-1', 'orders-2', 'products-1', 'products-2', 'users-1', 'users-2']);
  });

  it('never oversells or charges twice when many buy at once, and each order moves through each status once, with one e-mail each', async () => {
    const productId = await product(10);
    const buyers = await Promise.all(Array.from({ length: 6 }, () => consumerWith(5 * PRICE)));
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => buy(buyers[i % buyers.length]!, productId)));
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const accepted = results.filter((r) => r.body.status === 'RECIBIDO');
    expect(accepted).toHaveLength(10);
    const spent = (await Promise.all(buyers.map(balance))).reduce((sum, b) => sum + (5 * PRICE - b), 0);
    expect(spent).toBe(10 * PRICE);
    expect(await eventually(() => stockOf(productId), (s) => s === 0)).toBe(0);

    // both orders replicas run the progression worker: every step happens once
    const delivered = await eventually(
      () => ordersOf(productId),
      (rows) => rows.filter((o) => o.status === 'ENTREGADO').length === 10,
      30_000,
      250,
    );
    for (const o of delivered.filter((x) => x.status === 'ENTREGADO')) {
      expect(o.status_history.map((h) => h.status)).toEqual(['RECIBIDO', 'EN_DISTRIBUCION', 'ENTREGADO']);
    }
    // both users and orders replicas relay their outboxes and both emails replicas consume: each e-mail sent once
    for (const b of buyers) {
      const expected = await expectedMails(b.email);
      const got = await eventually(() => mailsTo(b.email), (n) => n >= expected, 30_000, 250);
      expect(got).toBe(expected);
    }
  }, 120_000);

  it("shows a seller's change to guests within the catalog window, whichever products replica answers", async () => {
    const productId = await product(5);
    // both replicas hold the product in their catalog cache before the change
    for (const r of ['products-1', 'products-2']) expect((await http('GET', `${replicaUrl(r)}/api/products/${productId}`)).body.price).toBe(PRICE);
    const changed = await http('PATCH', `${gateway}/api/products/${productId}`, { token: seller.token, json: { price: 2 * PRICE } });
    expect(changed.status).toBe(200);
    const t0 = Date.now();
    for (const r of ['products-1', 'products-2']) {
      const seen = await eventually(async () => (await http('GET', `${replicaUrl(r)}/api/products/${productId}`)).body.price as number, (p) => p === 2 * PRICE, 5000, 50);
      expect(seen).toBe(2 * PRICE);
    }
    // CATALOG_CACHE_MS is 1 s; allow for the polling and a loaded machine
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('detects a refresh-token reuse whichever auth replica sees it', async () => {
    const c = await createAccount(stack, 'consumer');
    const first = await login(stack, c.username, c.password);
    const refresh = (replica: string, token: string) =>
      http('POST', `${replicaUrl(replica)}/oauth/token`, { basic: WEB_CLIENT, form: { grant_type: 'refresh_token', refresh_token: token } });
    const rotated = await refresh('auth-1', first.refresh_token);
    expect(rotated.status).toBe(200);
    const reused = await refresh('auth-2', first.refresh_token);
    expect(reused.status).toBe(400);
    // the whole family is revoked: the rotated token no longer works on either replica
    expect((await refresh('auth-1', rotated.body.refresh_token)).status).toBe(400);
  });

  it('remembers a top-up idempotency key whichever users replica the retry reaches', async () => {
    const c = await createAccount(stack, 'consumer');
    const key = randomUUID();
    const topUp = (replica: string) =>
      http('POST', `${replicaUrl(replica)}/api/users/me/funds`, { token: c.token, json: { amount: 700 }, headers: { 'idempotency-key': key } });
    const [a, b] = await Promise.all([topUp('users-1'), topUp('users-2')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await topUp('users-2')).status).toBe(200);
    expect(await balance(c)).toBe(700);
  });

  it('loses no order when an orders replica is killed (SIGKILL) in the middle of a purchase burst', async () => {
    const productId = await product(60);
    const buyers = await Promise.all(Array.from({ length: 4 }, () => consumerWith(30 * PRICE)));
    // eight buyers' sessions buying one after another: at most eight purchases are in flight at any moment
    let inFlight = 0;
    let inFlightAtKill = -1;
    let started = 0;
    const results: Awaited<ReturnType<typeof buy>>[] = [];
    const session = async (b: TestAccount) => {
      while (started < 100) {
        started++;
        inFlight++;
        results.push(await buy(b, productId));
        inFlight--;
      }
    };
    const burst = Promise.all(Array.from({ length: 8 }, (_, i) => session(buyers[i % buyers.length]!)));
    await eventually(async () => (await ordersOf(productId)).length, (n) => n >= 20, 20_000, 20);
    const killed = system.restart('orders-1', { signal: 'SIGKILL' });
    inFlightAtKill = inFlight;
    await Promise.all([burst, killed]);
    const failed = results.filter((r) => r.status !== 201);
    // only requests inside the killed process may fail: the gateway sends new ones to the other replica
    expect(failed.length).toBeLessThanOrEqual(inFlightAtKill);
    // recovery settles every order that was started: none left half-done, and stock and money add up
    const settled = await eventually(
      () => ordersOf(productId),
      (rows) => rows.every((o) => o.phase === 'DONE'),
      60_000,
      500,
    );
    expect(settled.filter((o) => o.phase !== 'DONE')).toEqual([]);
    const kept = settled.filter((o) => o.status === 'RECIBIDO' || o.status === 'EN_DISTRIBUCION' || o.status === 'ENTREGADO');
    expect(kept.length).toBeLessThanOrEqual(60);
    expect(await eventually(() => stockOf(productId), (s) => s === 60 - kept.length)).toBe(60 - kept.length);
    const spent = (await Promise.all(buyers.map(balance))).reduce((sum, b) => sum + (30 * PRICE - b), 0);
    expect(spent).toBe(kept.length * PRICE);
    // every purchase answered as accepted is an order that stays
    const answered = results.filter((r) => r.status === 201 && r.body.status === 'RECIBIDO').map((r) => r.body.id as number);
    expect(kept.map((o) => o.id)).toEqual(expect.arrayContaining(answered));
  }, 180_000);

  it('fails no request while every replica of every service is restarted (SIGTERM) one at a time under load', async () => {
    const productId = await product(100_000);
    const buyer = await consumerWith(1_000_000);
    const failures: string[] = [];
    let requests = 0;
    let running = true;
    const worker = async (i: number) => {
      while (running) {
        const res =
          i % 3 === 0
            ? await buy(buyer, productId)
            : i % 3 === 1
              ? await http('GET', `${gateway}/api/products?page=1&pageSize=10`).catch((e: Error) => ({ status: 0, body: e.message }))
              : await http('GET', `${gateway}/api/users/me`, { token: buyer.token }).catch((e: Error) => ({ status: 0, body: e.message }));
        requests++;
        if (res.status >= 300 || res.status === 0) failures.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, i) => worker(i)));
    for (const r of system.replicas.map((x) => x.name)) await system.restart(r);
    running = false;
    await load;
    expect(requests).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 300_000);
});

/** E-mails the system owes one address: the messages its outboxes wrote for it. */
async function expectedMails(email: string): Promise<number> {
  const db = ordersDb();
  await db.connect();
  const conn = await mysql.createConnection(env.USERS_DATABASE_URL!);
  try {
    const fromOrders = await db.query("select count(*)::int as n from outbox where payload->'to'->>'email' = $1", [email]);
    const [rows] = await conn.query("select count(*) as n from outbox where json_unquote(json_extract(payload, '$.to.email')) = ?", [email]);
    return (fromOrders.rows[0] as { n: number }).n + Number((rows as { n: number }[])[0]!.n);
  } finally {
    await db.end();
    await conn.end();
  }
}

async function mailsTo(email: string): Promise<number> {
  const res = await http('GET', `http://127.0.0.1:${env.MAILBOX_WEB_PORT}/email`);
  return (res.body as { to: { address: string }[] }[]).filter((m) => m.to.some((t) => t.address === email)).length;
}
