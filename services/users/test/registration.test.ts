import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { http, login, startStack, TEST_SECRETS, WEB_CLIENT, type Stack } from '@marketshare/test-env';
import { bindInbox, countRows, type Inbox } from './helpers.js';

let stack: Stack;
let inbox: Inbox;
let users: string;
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
const register = (json: unknown, basic: [string, string] | null = WEB_CLIENT) =>
  http('POST', `${users}/api/users`, { basic: basic ?? undefined, json });

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users'], env: { REGISTRATION_ATTEMPTS_PER_USERNAME: '4' } });
  users = stack.url('users');
  inbox = await bindInbox(stack);
});
afterAll(async () => {
  await inbox?.close();
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

    const [message] = await inbox.waitFor('ACCOUNT_NEW');
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
    const orgs = await http('GET', `${users}/api/organizations?q=Brand`);
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
    const bearer = await http('POST', `${users}/api/users`, { token: 'not-a-token', json: valid() });
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
    const notJson = await http('POST', `${users}/api/users`, {
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
    const es = await http('GET', `${users}/api/countries`);
    expect(es.status).toBe(200);
    expect(es.body.length).toBeGreaterThanOrEqual(249);
    expect(es.body.find((c: { code: string }) => c.code === 'DE')).toEqual({ code: 'DE', name: 'Alemania', nameEn: 'Germany', nameEs: 'Alemania' });
    const en = await http('GET', `${users}/api/countries?locale=en`);
    expect(en.body.find((c: { code: string }) => c.code === 'DE').name).toBe('Germany');
    expect((await http('GET', `${users}/api/countries?locale=fr`)).status).toBe(400);
  });

  it('lists the seeded banks and organizations to guests', async () => {
    const banks = await http('GET', `${users}/api/banks`);
    expect(banks.body.map((b: { name: string }) => b.name)).toEqual(
      expect.arrayContaining(['Santander', 'BBVA', 'Banco Nación', 'Patagonia', 'Credicoop', 'Bank of America']),
    );
    const orgs = await http('GET', `${users}/api/organizations`);
    expect(orgs.body.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Microsoft', "McDonald's", 'Omaha Construcciones', 'Acme']));
  });
});
