import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { usersApi } from '@marketshare/contracts';
import { bodyOf, http, login, send, TEST_SECRETS, WEB_CLIENT } from '@marketshare/test-env';
import { countRows, queryRows, startUsersStack, type UsersStack } from './helpers.js';

let stack: UsersStack;
let n = 0;
const fresh = () => `reg_${process.pid}_${++n}`;
const valid = (over: Record<string, unknown> = {}) => ({
  username: fresh(),
  password: 'correct horse battery',
  email: 'someone@example.com',
  role: 'consumer',
  country: 'AR',
  organization: 'Acme',
  bank: 'Banco Nación',
  ...over,
});
/** A registration as sent, also outside the contract: malformed bodies, any client credentials or none. */
const register = (json: unknown, basic: [string, string] | null = WEB_CLIENT) =>
  http('POST', `${stack.url('users')}/api/users`, { basic: basic ?? undefined, json });

beforeAll(async () => {
  stack = await startUsersStack({ env: { REGISTRATION_ATTEMPTS_PER_USERNAME: '4' } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('registration', () => {
  it('creates a consumer: 201 with its own view and no password material, and the person can sign in', async () => {
    const body = valid({ locale: 'en' });
    const res = await register(body);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/users/${res.body.id}`);
    expect(res.body).toMatchObject({
      username: body.username,
      email: 'someone@example.com',
      role: 'consumer',
      country: { code: 'AR', name: 'Argentina' },
      organization: { name: 'Acme' },
      bank: { name: 'Banco Nación' },
      balance: { amount: 0, currency: 'ARS' },
      locale: 'en',
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/password|hash|\$2[aby]\$/i);
    const tokens = await login(stack, body.username.toUpperCase(), body.password);
    expect(tokens.access_token).toBeTruthy();

    const [message] = await stack.inbox.waitFor('ACCOUNT_NEW');
    expect(message).toMatchObject({
      type: 'ACCOUNT_NEW',
      locale: 'en',
      to: { email: 'someone@example.com', name: body.username },
      accountType: 'consumer',
      loginUrl: 'http://localhost:8080/login',
    });
    expect(message.messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('creates a seller without a bank and an empty balance, through the integrators client too', async () => {
    const res = await register(valid({ role: 'seller', bank: undefined, organization: 'Brand New Org SA' }), [
      'marketshare-api',
      TEST_SECRETS.API_CLIENT_SECRET,
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'seller', bank: null, balance: { amount: 0 }, locale: 'es', organization: { name: 'Brand New Org SA' } });
    const orgs = await send(stack, null, usersApi.organizations, { query: { q: 'Brand' } });
    expect(orgs.body).toEqual([{ id: res.body.organization.id, name: 'Brand New Org SA' }]);
  });

  it('refuses a taken username, whatever its case, and leaves nothing behind', async () => {
    const first = valid();
    expect((await register(first)).status).toBe(201);
    const before = await countRows(stack, 'SELECT count(*) AS n FROM users');
    for (const username of [first.username, first.username.toUpperCase()]) {
      const res = await register(valid({ username, organization: 'Ghost Organization' }));
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('username_taken');
    }
    expect(await countRows(stack, 'SELECT count(*) AS n FROM users')).toBe(before);
    expect(await countRows(stack, "SELECT count(*) AS n FROM organizations WHERE name = 'Ghost Organization'")).toBe(0);
  });

  it('stores one canonical form of the username (trimmed, lower-case, pattern-checked) under a unique binary index', async () => {
    const first = valid({ username: `Canon_${process.pid}_${++n}` });
    const created = await register(first);
    expect(created.status).toBe(201);
    const [row] = await queryRows<{ username: string; username_key: string }>(stack, 'SELECT username, username_key FROM users WHERE id = ?', [created.body.id]);
    expect(row).toEqual({ username: first.username, username_key: first.username.toLowerCase() });
    // the key is compared byte for byte, not by a collation that folds accents or ignores trailing spaces
    const [index] = await queryRows<{ Non_unique: number; Collation: string | null }>(stack, "SHOW INDEX FROM users WHERE Column_name = 'username_key'");
    expect(Number(index!.Non_unique)).toBe(0);
    const [column] = await queryRows<{ COLLATION_NAME: string }>(
      stack,
      "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'username_key'",
    );
    expect(column!.COLLATION_NAME).toMatch(/_bin$/);
    // names outside the pattern (a trailing space, an accent) are refused before anything is stored
    for (const username of [`${first.username} `, `${first.username.slice(0, -1)}é`]) expect((await register(valid({ username }))).status).toBe(400);
  });

  it('needs the web or api client credentials: 401 invalid_client otherwise', async () => {
    const attempts: ([string, string] | null)[] = [
      null,
      ['marketshare-web', 'wrong-secret'],
      ['marketshare-web', TEST_SECRETS.WEB_CLIENT_SECRET + 'x'],
      ['orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET],
      ['nobody', TEST_SECRETS.WEB_CLIENT_SECRET],
    ];
    for (const basic of attempts) {
      const res = await register(valid(), basic);
      expect(res.status, JSON.stringify(basic)).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    }
    const bearer = await http('POST', `${stack.url('users')}/api/users`, { token: 'not-a-token', json: valid() });
    expect(bearer.status).toBe(401);
  });

  it('answers every malformed body with a 400 naming the field, and creates nobody', async () => {
    const before = await countRows(stack, 'SELECT count(*) AS n FROM users');
    const cases: [string, unknown, string][] = [
      ['wrong type', valid({ username: 12345 }), 'username'],
      ['missing field', valid({ email: undefined }), 'email'],
      ['unknown country', valid({ country: 'ZZ' }), 'country'],
      ['country not a code', valid({ country: 'Argentina' }), 'country'],
      ['bad e-mail', valid({ email: 'not-an-email' }), 'email'],
      ['oversized username', valid({ username: 'u'.repeat(33) }), 'username'],
      ['username with spaces', valid({ username: 'two words' }), 'username'],
      ['oversized e-mail', valid({ email: `${'a'.repeat(250)}@example.com` }), 'email'],
      ['oversized organization', valid({ organization: 'O'.repeat(101) }), 'organization'],
      ['blank organization', valid({ organization: '   ' }), 'organization'],
      ['oversized bank', valid({ bank: 'B'.repeat(101) }), 'bank'],
      ['short password', valid({ password: 'short' }), 'password'],
      ['password over 72 bytes', valid({ password: 'ñ'.repeat(40) }), 'password'],
      ['unknown role', valid({ role: 'admin' }), 'role'],
      ['bad locale', valid({ locale: 'fr' }), 'locale'],
      ['extra balance', valid({ balance: 1_000_000 }), 'balance'],
      ['extra id', valid({ id: 1 }), 'id'],
      ['seller with a bank', valid({ role: 'seller' }), 'bank'],
      ['array body', [valid()], 'body'],
      ['null body', null, 'body'],
    ];
    for (const [what, body, field] of cases) {
      const res = await register(body);
      expect(res.status, what).toBe(400);
      const fields = (res.body.details ?? []).map((d: { field: string }) => d.field);
      expect(fields, `${what}: ${JSON.stringify(res.body)}`).toContain(field);
    }
    // each refused field names a stable code (and its limit or format) for clients to word in their own language
    const coded = await register(valid({ email: 'ana@@ejemplo', organization: 'O'.repeat(101), password: 'short' }));
    expect(coded.body.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'email', code: 'format', params: { format: 'email' } }),
      expect.objectContaining({ field: 'organization', code: 'maxLength', params: { limit: 100 } }),
    ]));
    const weak = await register(valid({ password: ' '.repeat(8) }));
    expect(weak.body.details).toEqual([expect.objectContaining({ field: 'password', code: 'weak_password' })]);
    const notJson = await http('POST', `${stack.url('users')}/api/users`, {
      basic: WEB_CLIENT,
      headers: { 'content-type': 'application/json' },
      body: '{"username": "broken",',
    });
    expect(notJson.status).toBe(400);
    expect(await countRows(stack, 'SELECT count(*) AS n FROM users')).toBe(before);
  });

  it('limits attempts per username with 429', async () => {
    const body = valid();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await register({ ...body, country: 'ZZ' })).status);
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    const limited = await register(body);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('reference lists', () => {
  it('lists every ISO country with Spanish and English names, in the asked locale', async () => {
    const es = bodyOf(await send(stack, null, usersApi.countries));
    expect(es.length).toBeGreaterThanOrEqual(249);
    expect(es.find((c) => c.code === 'DE')).toEqual({ code: 'DE', name: 'Alemania', nameEn: 'Germany', nameEs: 'Alemania' });
    const en = bodyOf(await send(stack, null, usersApi.countries, { query: { locale: 'en' } }));
    expect(en.find((c) => c.code === 'DE')?.name).toBe('Germany');
    expect((await http('GET', `${stack.url('users')}/api/countries?locale=fr`)).status).toBe(400);
  });

  it('lists the seeded banks to guests', async () => {
    const banks = bodyOf(await send(stack, null, usersApi.banks));
    expect(banks.map((b) => b.name)).toEqual(
      expect.arrayContaining(['Santander', 'BBVA', 'Banco Nación', 'Patagonia', 'Credicoop', 'Bank of America']),
    );
  });

  it("gives each new account an organization of its own: naming another's never joins it", async () => {
    const name = `Acme Argentina ${process.pid}`;
    const first = await register(valid({ organization: name }));
    const second = await register(valid({ organization: name.toUpperCase() }));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.organization.name).toBe(name.toUpperCase());
    expect(second.body.organization.id).not.toBe(first.body.organization.id);
  });
});
