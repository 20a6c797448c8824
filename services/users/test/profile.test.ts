import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { authApi, usersApi, type PasswordChangeBody, type ProfileUpdateBody } from '@marketshare/contracts';
import {
  createAccount,
  eventually,
  http,
  login,
  send,
  serviceToken,
  sleep,
  TEST_SECRETS,
  type TestAccount,
} from '@marketshare/test-env';
import { startUsersStack, type UsersStack } from './helpers.js';

let stack: UsersStack;
let consumer: TestAccount;
let seller: TestAccount;

const me = (who: TestAccount, locale?: 'es' | 'en') => send(stack, who, usersApi.me, { query: { locale } });
const patchMe = (who: TestAccount, body: ProfileUpdateBody) => send(stack, who, usersApi.updateMe, { body });
const changePassword = (who: TestAccount, body: PasswordChangeBody) => send(stack, who, usersApi.changePassword, { body });
/** A request as a client may send it, outside the contract (fields that may not change, ids that are no ids). */
const sentAsIs = (method: string, path: string, who: TestAccount | null, json?: unknown) =>
  http(method, `${stack.url('users')}${path}`, { token: who?.token, json });
const changedMessages = (username: string) =>
  stack.inbox.received.filter((m) => m.routingKey === 'ACCOUNT_CHANGED' && m.body.to.name === username).map((m) => m.body);
const waitChanged = (username: string, count: number) =>
  eventually(async () => changedMessages(username), (found) => found.length >= count, 5_000, 50);

beforeAll(async () => {
  stack = await startUsersStack();
  [consumer, seller] = await Promise.all([createAccount(stack, 'consumer'), createAccount(stack, 'seller', { organization: 'Starware' })]);
});
afterAll(async () => {
  await stack?.stop();
});

describe('own account', () => {
  it('shows the signed-in user everything of theirs, country named in the asked locale', async () => {
    const res = await me(consumer, 'en');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: consumer.id, email: consumer.email, country: { code: 'AR', name: 'Argentina' }, balance: { amount: 0 } });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
  });

  it('answers personal requests with Cache-Control: no-store, and leaves public ones cacheable', async () => {
    expect((await me(consumer)).headers.get('cache-control')).toBe('no-store');
    const refused = await send(stack, 'garbage', usersApi.me);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect((await send(stack, null, usersApi.countries)).headers.get('cache-control')).not.toBe('no-store');
  });

  it('accepts no absent, tampered or garbage token', async () => {
    expect((await send(stack, null, usersApi.me)).status).toBe(401);
    const [h, p, s] = consumer.token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: String(seller.id) })).toString('base64url');
    expect((await send(stack, `${h}.${forged}.${s}`, usersApi.me)).status).toBe(401);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect((await send(stack, unsigned, usersApi.me)).status).toBe(401);
    expect((await send(stack, 'garbage', usersApi.me)).status).toBe(401);
  });

  it('changes e-mail, country, organization, bank and locale, and announces it once to the previous address', async () => {
    const res = await patchMe(consumer, { email: 'new@example.com', country: 'uy', organization: 'Fresh Org', bank: 'BBVA', locale: 'en' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      email: 'new@example.com',
      country: { code: 'UY', name: 'Uruguay' },
      organization: { name: 'Fresh Org' },
      bank: { name: 'BBVA' },
      locale: 'en',
    });
    const messages = await waitChanged(consumer.username, 1);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      type: 'ACCOUNT_CHANGED',
      to: { email: consumer.email, name: consumer.username },
      changes: ['email', 'profile'],
      locale: 'en',
      profileUrl: 'http://localhost:8080/profile/settings',
    });
    // the same values again change nothing and announce nothing
    expect((await patchMe(consumer, { locale: 'en' })).status).toBe(200);
    await sleep(700);
    expect(changedMessages(consumer.username)).toHaveLength(1);
    consumer.email = 'new@example.com';
  });

  it('refuses what may not change this way, naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ username: 'someone_else' }, 'username'],
      [{ role: 'seller' }, 'role'],
      [{ balance: { amount: 1_000_000 } }, 'balance'],
      [{ password: 'new password here' }, 'password'],
      [{ email: 'nope' }, 'email'],
      [{ country: 'ZZ' }, 'country'],
      [{ organization: '' }, 'organization'],
      [{}, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await sentAsIs('PATCH', '/api/users/me', consumer, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      // each refused field carries a code for clients to word it in the person's language
      expect(res.body.details.filter((d: { code?: string }) => !d.code), JSON.stringify(body)).toEqual([]);
    }
    expect((await sentAsIs('PATCH', '/api/users/me', consumer, { country: 'ZZ' })).body.details).toMatchObject([{ field: 'country', code: 'unknown_country' }]);
    expect((await me(consumer)).body).toMatchObject({ username: consumer.username, role: 'consumer', balance: { amount: 0 } });
  });
});

describe('profiles and the directory', () => {
  it('shows a public profile to guests and others without e-mail, bank or balance; the owner sees their own', async () => {
    for (const token of [undefined, seller.token]) {
      const res = await send(stack, token ?? null, usersApi.get, { params: { id: consumer.id } });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['country', 'id', 'organization', 'registeredAt', 'role', 'username']);
    }
    const own = await send(stack, consumer, usersApi.get, { params: { id: consumer.id } });
    expect(own.body).toMatchObject({ email: consumer.email });
    expect((await send(stack, null, usersApi.get, { params: { id: 999999 } })).status).toBe(404);
    expect((await sentAsIs('GET', '/api/users/abc', null)).status).toBe(400);
  });

  it('lists users newest first by role, with totals, and no private fields', async () => {
    const extra = await createAccount(stack, 'seller');
    const sellers = await send(stack, null, usersApi.list, { query: { role: 'seller', pageSize: 1 } });
    expect(sellers.status).toBe(200);
    expect(sellers.body).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(sellers.body.items.map((u) => u.id)).toEqual([extra.id]);
    const second = await send(stack, null, usersApi.list, { query: { role: 'seller', pageSize: 1, page: 2 } });
    expect(second.body.items.map((u) => u.id)).toEqual([seller.id]);
    const found = await send(stack, null, usersApi.list, { query: { q: consumer.username.slice(-6) } });
    expect(found.body.items.map((u) => u.id)).toEqual([consumer.id]);
    const all = await send(stack, consumer, usersApi.list);
    expect(JSON.stringify(all.body)).not.toMatch(/email|balance|bank|password/);
    for (const q of ['pageSize=101', 'page=0', 'role=admin', 'pageSize=abc']) {
      expect((await sentAsIs('GET', `/api/users?${q}`, null)).status, q).toBe(400);
    }
  });
});

describe('password change', () => {
  it('needs the current password, checks the new one, then signs out every other session', async () => {
    const person = await createAccount(stack, 'seller');
    const wrong = await changePassword(person, { currentPassword: 'not it at all', newPassword: 'a brand new secret' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: 'wrong_password', details: [{ field: 'currentPassword', code: 'wrong_password' }] });
    expect((await changePassword(person, { currentPassword: person.password, newPassword: 'short' })).status).toBe(400);
    expect((await changePassword(person, { currentPassword: person.password, newPassword: person.password })).status).toBe(400);
    const extra = { currentPassword: person.password, newPassword: 'x'.repeat(8), extra: 1 };
    expect((await sentAsIs('PUT', '/api/users/me/password', person, extra)).status).toBe(400);

    const elsewhere = await login(stack, person.username, person.password);
    const res = await changePassword(person, { currentPassword: person.password, newPassword: 'a brand new secret' });
    expect(res.status).toBe(204);
    await expect(login(stack, person.username, person.password)).rejects.toThrow(/400/);
    expect((await login(stack, person.username, 'a brand new secret')).access_token).toBeTruthy();
    const refresh = (refresh_token: string) =>
      send(stack, null, authApi.token, { body: { grant_type: 'refresh_token', refresh_token } });
    const other = await refresh(elsewhere.refresh_token);
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('invalid_grant');
    // the session that changed the password goes on
    expect((await refresh(person.refreshToken)).status).toBe(200);

    const messages = await waitChanged(person.username, 1);
    expect(messages).toHaveLength(1);
    expect(messages[0].changes).toEqual(['password']);
  });

  it('keeps the old password (503) when auth cannot revoke the sessions', async () => {
    const person = await createAccount(stack, 'consumer');
    await stack.stopService('auth');
    try {
      const res = await changePassword(person, { currentPassword: person.password, newPassword: 'a brand new secret' });
      expect(res.status).toBe(503);
    } finally {
      await stack.startService('auth');
    }
    expect((await login(stack, person.username, person.password)).access_token).toBeTruthy();
    await sleep(700);
    expect(changedMessages(person.username)).toHaveLength(0);
  });
});

describe('internal endpoints', () => {
  it('give services a person\'s contact details, and people nothing', async () => {
    const orders = await serviceToken(stack, 'orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET);
    const res = await send(stack, orders, usersApi.contact, { params: { id: seller.id } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: seller.id,
      username: seller.username,
      email: seller.email,
      role: 'seller',
      locale: 'es',
      organization: { id: expect.any(Number), name: 'Starware' },
      country: { code: 'AR', name: 'Argentina' },
    });
    expect((await send(stack, seller, usersApi.contact, { params: { id: seller.id } })).status).toBe(403);
    expect((await send(stack, orders, usersApi.contact, { params: { id: 999999 } })).status).toBe(404);
  });

  it('check passwords for auth only, and never say which usernames exist', async () => {
    const orders = await serviceToken(stack, 'orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET);
    const verify = await send(stack, orders, usersApi.verifyCredentials, { body: { username: seller.username, password: seller.password } });
    expect(verify.status).toBe(403);
    // through auth's password grant, a wrong password and an unknown user fail alike
    await expect(login(stack, seller.username, 'wrong password')).rejects.toThrow(/invalid_grant/);
    await expect(login(stack, 'nobody_here', 'wrong password')).rejects.toThrow(/invalid_grant/);
  });
});
