import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authApi, ordersApi, productsApi, usersApi } from '@marketshare/contracts';
import {
  bodyOf, createAccount, eventually, http, login, MYSQL_ROOT, PG_ROOT, RABBITMQ_URL, send, TEST_SECRETS, tokenRequest, type Stack, type TestAccount,
} from '@marketshare/test-env';
// @ts-expect-error the start script is plain JavaScript
import { gatewayCommand, startSystem, systemEnv } from '../start.mjs';
// @ts-expect-error the start script is plain JavaScript
import { dropDatabases } from '../lib/databases.mjs';

// The whole system as `npm start` runs it with SERVICE_REPLICAS=2: two processes of every service and of web behind
// the HAProxy gateway, which reaches each service's replicas through its internal entries too (web's pages are
// built by `npm test`'s build step before this runs). Every request below goes through the gateway unless it names one
// replica's own port to prove a piece of state is shared. It runs in `npm test`; alone:
// `npm test -- scripts/test/replicas.test.ts`.

interface Replica {
  name: string;
  service: string;
  port: number;
}
interface System {
  stop(): Promise<void>;
  replicas: Replica[];
  restart(name: string, opts?: { signal?: NodeJS.Signals }): Promise<void>;
  gatewaySocket: string;
}

const id = randomBytes(3).toString('hex');
let base: number;
const PRICE = 1000;

let system: System;
let env: Record<string, string>;
let gateway: string;
let stack: Stack;
let seller: TestAccount;
const ordersDb = () => new pg.Client({ connectionString: env.ORDERS_DATABASE_URL });

const replicaUrl = (name: string) => `http://127.0.0.1:${system.replicas.find((r) => r.name === name)!.port}`;
/** The system as the typed client reaches it through one replica's own port, bypassing the gateway. */
const at = (name: string) => ({ ...stack, url: () => replicaUrl(name) }) as Stack;

async function consumerWith(amount: number): Promise<TestAccount> {
  const c = await createAccount(stack, 'consumer');
  bodyOf(await send(stack, c, usersApi.addFunds, { body: { amount } }), 200);
  return c;
}

async function product(stock: number): Promise<number> {
  const res = await send(stack, seller, productsApi.create, {
    body: {
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
  return bodyOf(res, 201).id;
}

/** A request that got no answer at all, with what the connection said. */
const failedToSend = (e: Error) => ({ status: 0, body: `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}`, headers: new Headers() });
const buy = (c: TestAccount, productId: number) =>
  send(stack, c, ordersApi.place, { body: { productId, quantity: 1 } }).catch(failedToSend);
/** The catalog page through the gateway, a guest's or (with an account) that person's, as a browser asks for it. */
const page = async (c: TestAccount | null) => {
  const res = await http<string>('GET', `${gateway}/`, { headers: { accept: 'text/html', ...(c && { cookie: `ms_access=${c.token}` }) } }).catch(failedToSend);
  const named = !c || String(res.body).includes(c.username);
  return { status: res.status === 200 && !named ? 0 : res.status, body: named ? String(res.body).slice(0, 200) : 'the page does not name its buyer' };
};
const balance = async (c: TestAccount) => bodyOf(await send(stack, c, usersApi.me)).balance.amount;

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
const stockOf = async (productId: number) => bodyOf(await send(stack, null, productsApi.get, { params: { id: productId } })).stock;

/**
 * The first port of a block of 200 below the kernel's ephemeral range where every port this system takes is free
 * (replica k of a process listens 100 above replica k-1, a replicated service's internal entry one above it).
 */
async function freeBlock(): Promise<number> {
  const used = [0, 2, 4, 6, 8, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51].flatMap((n) => [n, n + 100]);
  for (let attempt = 0; attempt < 50; attempt++) {
    const start = 20_000 + 200 * Math.floor(Math.random() * 60);
    if ((await Promise.all(used.map((n) => canListen(start + n)))).every(Boolean)) return start;
  }
  throw new Error('no free block of ports between 20000 and 32000');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

beforeAll(async () => {
  base = await freeBlock();
  const p = (n: number) => String(base + n);
  env = systemEnv({
    ...TEST_SECRETS,
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
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    REGISTRATIONS_PER_MINUTE: '1000',
  }) as Record<string, string>;
  gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  stack = { env, services: {}, url: () => gateway } as unknown as Stack;
  system = (await startSystem(env, { seed: false })) as System;
  seller = await createAccount(stack, 'seller');
}, 480_000);

afterAll(async () => {
  await system?.stop();
  if (env) await dropDatabases(env).catch(() => undefined);
}, 60_000);

describe('two replicas of every service behind the gateway', () => {
  it('runs two processes of each service and of web, and the gateway balances over them', async () => {
    const names = system.replicas.map((r) => r.name).sort();
    expect(names).toEqual([
      'auth-1', 'auth-2', 'emails-1', 'emails-2', 'orders-1', 'orders-2', 'products-1', 'products-2', 'users-1', 'users-2', 'web-1', 'web-2',
    ]);
    const before = await served();
    for (let i = 0; i < 10; i++) {
      expect((await send(stack, null, productsApi.list, { query: { page: 1, pageSize: 5 } })).status).toBe(200);
      expect((await send(stack, null, authApi.metadata)).status).toBe(200);
      expect((await page(null)).status).toBe(200);
    }
    const after = await served();
    for (const server of ['products1', 'products2', 'auth1', 'auth2', 'web1', 'web2']) expect(after[server]! - (before[server] ?? 0), server).toBeGreaterThan(0);
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
    // each outbox row published once by one of the two relays of its service, each message taken once by one of
    // the two consumers (none dropped as a duplicate of a message already sent), and every one sent
    const published = await eventually(
      async () => ({ relayed: (await replicasMetric('orders', 'outbox_published_total')) + (await replicasMetric('users', 'outbox_published_total')), rows: await outboxRows() }),
      (n) => n.relayed >= n.rows,
      30_000,
      250,
    );
    expect(published.relayed).toBe(published.rows);
    const consumed = await eventually(() => replicasMetric('emails', 'emails_consumed_total'), (n) => n >= published.rows, 30_000, 250);
    expect(consumed).toBe(published.rows);
    expect(await replicasMetric('emails', 'emails_duplicates_total')).toBe(0);
    expect(await eventually(() => replicasMetric('emails', 'emails_sent_total'), (n) => n >= published.rows, 30_000, 250)).toBe(published.rows);
  }, 120_000);

  it("shows a seller's change to guests within the catalog window, whichever products replica answers", async () => {
    const productId = await product(5);
    // both replicas hold the product in their catalog cache before the change
    const priceAt = async (r: string) => bodyOf(await send(at(r), null, productsApi.get, { params: { id: productId } })).price;
    for (const r of ['products-1', 'products-2']) expect(await priceAt(r)).toBe(PRICE);
    const changed = await send(stack, seller, productsApi.update, { params: { id: productId }, body: { price: 2 * PRICE } });
    expect(changed.status).toBe(200);
    const t0 = Date.now();
    for (const r of ['products-1', 'products-2']) {
      const seen = await eventually(() => priceAt(r), (p) => p === 2 * PRICE, 5000, 50);
      expect(seen).toBe(2 * PRICE);
    }
    // CATALOG_CACHE_MS is 1 s; allow for the polling and a loaded machine
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('detects a refresh-token reuse whichever auth replica sees it', async () => {
    const c = await createAccount(stack, 'consumer');
    const first = await login(stack, c.username, c.password);
    const refresh = (replica: string, token: string) =>
      tokenRequest(at(replica), { grant_type: 'refresh_token', refresh_token: token });
    const rotated = await refresh('auth-1', first.refresh_token);
    expect(rotated.status).toBe(200);
    const reused = await refresh('auth-2', first.refresh_token);
    expect(reused.status).toBe(400);
    // the whole family is revoked: the rotated token no longer works on either replica
    expect((await refresh('auth-1', bodyOf(rotated).refresh_token!)).status).toBe(400);
  });

  it('counts failed logins and refused refresh tokens in one budget whichever auth replica sees them', async () => {
    const c = await createAccount(stack, 'consumer');
    const { refresh_token: valid } = await login(stack, c.username, c.password);
    // called directly, a replica takes the X-Forwarded-For of its one trusted hop as the address: one of our own
    const token = (replica: string, form: Record<string, string>, address: string) => tokenRequest(at(replica), form, { from: address });
    const replicaFor = (i: number) => (i % 2 === 0 ? 'auth-1' : 'auth-2');

    const loginAddress = `10.17.${Math.floor(Math.random() * 250)}.1`;
    const loginLimit = Number(env.LOGIN_FAILURES_PER_WINDOW);
    for (let i = 0; i < loginLimit; i++) {
      const wrong = await token(replicaFor(i), { grant_type: 'password', username: c.username, password: 'not the password' }, loginAddress);
      expect(wrong.status).toBe(400);
    }
    // each replica has seen half of the limit; kept in memory, both would still let the right password in
    for (const r of ['auth-1', 'auth-2']) {
      expect((await token(r, { grant_type: 'password', username: c.username, password: c.password }, loginAddress)).status).toBe(429);
    }

    const refreshAddress = `10.18.${Math.floor(Math.random() * 250)}.1`;
    const refreshLimit = Number(env.REFRESH_FAILURES_PER_WINDOW);
    for (let i = 0; i < refreshLimit; i++) {
      const refused = await token(replicaFor(i), { grant_type: 'refresh_token', refresh_token: randomBytes(24).toString('base64url') }, refreshAddress);
      expect(refused.status).toBe(400);
    }
    for (const r of ['auth-1', 'auth-2']) {
      expect((await token(r, { grant_type: 'refresh_token', refresh_token: valid }, refreshAddress)).status).toBe(429);
    }
  });

  it('remembers a top-up idempotency key whichever users replica the retry reaches', async () => {
    const c = await createAccount(stack, 'consumer');
    const key = randomUUID();
    const topUp = (replica: string) =>
      send(at(replica), c, usersApi.addFunds, { body: { amount: 700 }, headers: { 'idempotency-key': key } });
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

  it('fails no request while every replica of every service and of web is restarted (SIGTERM) one at a time under load', async () => {
    const productId = await product(100_000);
    const buyer = await consumerWith(1_000_000);
    const failures: string[] = [];
    let requests = 0;
    let running = true;
    const kinds = {
      buy: () => buy(buyer, productId),
      catalog: () => send(stack, null, productsApi.list, { query: { page: 1, pageSize: 10 } }).catch(failedToSend),
      me: () => send(stack, buyer, usersApi.me).catch(failedToSend),
      'guest page': () => page(null),
      'buyer page': () => page(buyer),
    };
    const worker = async (kind: keyof typeof kinds) => {
      while (running) {
        const res = await kinds[kind]();
        requests++;
        if (res.status >= 300 || res.status === 0) failures.push(`${kind} at ${new Date().toISOString()}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    };
    const load = Promise.all((Object.keys(kinds) as (keyof typeof kinds)[]).flatMap((kind) => [worker(kind), worker(kind)]));
    try {
      for (const r of system.replicas.map((x) => x.name)) {
        const t0 = Date.now();
        await system.restart(r);
        console.log(`${r} restarted and back in the gateway in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    } finally {
      running = false;
      await load;
    }
    expect(requests).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 600_000);
});

/** Requests each server of the gateway has been sent so far (its `show stat` total sessions), by server name. */
async function served(): Promise<Record<string, number>> {
  const stat = (await gatewayCommand(system.gatewaySocket, 'show stat')) as string;
  const [header, ...rows] = stat.split('\n');
  const cols = header!.replace(/^# /, '').split(',');
  return Object.fromEntries(rows.map((r) => r.split(',')).filter((r) => r.length > 1).map((r) => [r[1]!, Number(r[cols.indexOf('stot')])]));
}

/** A counter summed over every replica of a service, read from each replica's own /metrics. */
async function replicasMetric(service: string, name: string): Promise<number> {
  let sum = 0;
  for (const r of system.replicas.filter((x) => x.service === service)) {
    const text = await (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text();
    for (const line of text.split('\n')) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(' ').pop());
  }
  return sum;
}

/** Every message the orders and users outboxes hold (all there are in this system). */
async function outboxRows(): Promise<number> {
  const db = ordersDb();
  await db.connect();
  const conn = await mysql.createConnection(env.USERS_DATABASE_URL!);
  try {
    const fromOrders = await db.query('select count(*)::int as n from outbox');
    const [rows] = await conn.query('select count(*) as n from outbox');
    return (fromOrders.rows[0] as { n: number }).n + Number((rows as { n: number }[])[0]!.n);
  } finally {
    await db.end();
    await conn.end();
  }
}

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
