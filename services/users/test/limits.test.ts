import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMysqlStore, type RunningService } from '@marketshare/service-kit';
import type { AccountNewMessage } from '@marketshare/contracts';
import { bindInbox, createAccount, eventually, freePort, http, startStack, WEB_CLIENT, type Inbox, type Stack } from '@marketshare/test-env';
import { pruneRateLimits } from '../src/db/rate-limits.js';
import { schema } from '../src/db/schema.js';
import { startService } from '../src/service.js';
import { countRows, queryRows } from './helpers.js';

// The limits that protect accounts live in users' database: two instances of the service on one database (two
// replicas) spend one budget, not one each, and the table stays bounded without ever being emptied for everybody.

let stack: Stack;
let second: RunningService;
let inbox: Inbox;
let instances: string[];
let n = 0;

beforeAll(async () => {
  stack = await startStack({
    services: ['auth', 'users'],
    env: {
      REGISTRATIONS_PER_MINUTE: '4',
      REGISTRATION_ATTEMPTS_PER_USERNAME: '3',
      PASSWORD_RESETS_PER_ADDRESS: '3',
      WELCOME_MAILS_PER_DOMAIN: '2',
    },
  });
  const port = await freePort();
  second = await startService({ ...stack.env, USERS_PORT: String(port) });
  instances = [stack.url('users'), `http://127.0.0.1:${port}`];
  inbox = await bindInbox(stack, ['ACCOUNT_NEW']);
});
afterAll(async () => {
  await inbox?.close();
  await second?.close();
  await stack?.stop();
});

/** Request i of a burst goes to instance i mod 2, as a gateway balancing two replicas sends them. */
const on = (i: number) => instances[i % 2]!;
const fresh = () => `lim_${process.pid}_${++n}`;
const register = (i: number, address: string, over: Record<string, unknown> = {}) => {
  const username = fresh();
  return http('POST', `${on(i)}/api/users`, {
    basic: WEB_CLIENT,
    headers: { 'x-forwarded-for': address },
    json: { username, password: 'correct horse battery', email: `${username}@example.com`, role: 'seller', country: 'AR', organization: 'Acme', ...over },
  });
};

describe('limits shared by replicas', () => {
  it('gives one client address one registration budget across two instances', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await register(i, '203.0.113.10')).status);
    // four in all, not four per instance
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429, 429, 429]);
    const limited = await register(9, '203.0.113.10');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error).toBe('rate_limited');
    expect(limited.body.params).toEqual({ seconds: Number(limited.headers.get('retry-after')) });
    // another address is not affected
    expect((await register(0, '203.0.113.11')).status).toBe(201);
  });

  it('counts an IPv6 /64 as one address', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await register(i, `2001:db8:5:6::${i + 1}`)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
  });

  it('gives a username one budget of attempts across instances and spellings', async () => {
    const username = fresh();
    const statuses = [];
    for (const [i, spelling] of [username, username.toUpperCase(), username, `${username[0]!.toUpperCase()}${username.slice(1)}`].entries()) {
      statuses.push((await register(i, `198.51.100.${20 + i}`, { username: spelling })).status);
    }
    expect(statuses).toEqual([201, 409, 409, 429]);
  });

  it('gives a person one budget of password-change attempts across instances', async () => {
    const a = await createAccount(stack, 'consumer');
    const change = (i: number) =>
      http('PUT', `${on(i)}/api/users/me/password`, { token: a.token, json: { currentPassword: 'not the password', newPassword: 'a brand new password' } });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await change(i)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(403), 429, 429]);
  });

  it('gives an address one budget of password-reset requests across instances', async () => {
    const ask = (i: number) => http('POST', `${on(i)}/api/users/password-resets`, { json: { login: `nobody_${i}` }, headers: { 'x-forwarded-for': '192.0.2.44' } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask(i)).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
  });
});

describe('welcome mail per recipient domain', () => {
  it('mails at most the limit per domain, however it is spelled, and still makes every account', async () => {
    const victims = ['a@victim.example', 'b@VICTIM.example', 'c@Victim.Example', 'd@victim.example'];
    for (const [i, email] of victims.entries()) expect((await register(i, `192.0.2.${60 + i}`, { email })).status).toBe(201);
    expect((await register(0, '192.0.2.70', { email: 'someone@other.example' })).status).toBe(201);
    const recipients = () => inbox.received.filter((m) => m.routingKey === 'ACCOUNT_NEW').map((m) => (m.body as AccountNewMessage).to.email.toLowerCase());
    const toVictim = (to: string[]) => to.filter((e) => e.endsWith('@victim.example'));
    await eventually(async () => recipients(), (to) => to.includes('someone@other.example') && toVictim(to).length >= 2, 10_000, 50);
    await new Promise((r) => setTimeout(r, 1500)); // time for a withheld mail to show up, were it sent after all
    expect(toVictim(recipients())).toHaveLength(2);
    expect(await countRows(stack, "SELECT COUNT(*) AS n FROM users WHERE email LIKE '%@victim.example'")).toBe(4);
  });
});

describe('the limits table', () => {
  it('keeps one small row per key whatever a caller floods, and prunes only what is over', async () => {
    const before = await countRows(stack, 'SELECT COUNT(*) AS n FROM rate_limits');
    for (let i = 0; i < 30; i++) await register(i, '203.0.113.99', { username: `flood_${i}_${'x'.repeat(20)}` });
    // one row for the address's registrations plus one per username that got past the address limit (four)
    expect(await countRows(stack, 'SELECT COUNT(*) AS n FROM rate_limits')).toBe(before + 5);
    // keyed by the hash of the limit, client and address: no address in the table
    const keyHash = createHash('sha256').update('registrations\nmarketshare-web|203.0.113.99').digest('base64url');
    const [row] = await queryRows<{ hits: number }>(stack, 'SELECT hits FROM rate_limits WHERE key_hash = ?', [keyHash]);
    expect(row!.hits).toBe(5); // counted up to one past the limit, never further
    expect(await countRows(stack, "SELECT COUNT(*) AS n FROM rate_limits WHERE key_hash LIKE '%203.0.113%'")).toBe(0);

    // an expired row is pruned; a live one stays and keeps limiting
    await queryRows(stack, "UPDATE rate_limits SET resets_at = CURRENT_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE key_hash <> ?", [keyHash]);
    const store = await openMysqlStore({ url: stack.env.USERS_DATABASE_URL!, schema, migrationsFolder: fileURLToPath(new URL('../migrations', import.meta.url)) });
    try {
      await pruneRateLimits(store.db);
    } finally {
      await store.close();
    }
    expect(await countRows(stack, 'SELECT COUNT(*) AS n FROM rate_limits')).toBe(1);
    expect((await register(1, '203.0.113.99')).status).toBe(429);
  });
});
