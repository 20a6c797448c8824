import { createHash } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { authApi, usersApi } from '@marketshare/contracts';
import { createAccount, http, login, send, type TestAccount } from '@marketshare/test-env';
import { countRows, queryRows, startUsersStack, type UsersStack } from './helpers.js';

// "Forgot my password": one answer for every login, a single-use link valid 30 minutes of which only a hash is
// kept, and a new password that ends every session.

let stack: UsersStack;
let addresses = 0;
/** Each test asks from an address of its own, so the per-address limit is tested where it is meant to be. */
const newAddress = () => `198.51.100.${++addresses}`;

const ask = (login: string, address: string) =>
  send(stack, null, usersApi.requestPasswordReset, { body: { login }, headers: { 'x-forwarded-for': address } });
const confirm = (token: string, newPassword: string) => send(stack, null, usersApi.resetPassword, { body: { token, newPassword } });
/** A request for a link with a login that is no login (absent, a number, too long). */
const askAsIs = (login: unknown, address: string) =>
  http('POST', `${stack.url('users')}/api/users/password-resets`, { json: { login }, headers: { 'x-forwarded-for': address } });
/** A confirmation with a token that is no token. */
const confirmAsIs = (token: unknown, newPassword: string) =>
  http('POST', `${stack.url('users')}/api/users/password-resets/confirm`, { json: { token, newPassword } });
const linksTo = (who: TestAccount) => stack.inbox.received.filter((m) => m.routingKey === 'PASSWORD_RESET' && m.body.to.name === who.username);
const tokenOf = (message: { body: { resetUrl: string } }) => new URL(message.body.resetUrl).searchParams.get('token')!;

async function linkFor(who: TestAccount): Promise<string> {
  const before = linksTo(who).length;
  expect((await ask(who.username, newAddress())).status).toBe(202);
  await expect.poll(() => linksTo(who).length, { timeout: 10_000 }).toBe(before + 1);
  return tokenOf(linksTo(who).at(-1)!);
}

beforeAll(async () => {
  stack = await startUsersStack({ env: { PASSWORD_RESETS_PER_ADDRESS: '5', PASSWORD_RESETS_PER_ACCOUNT: '3' }, inbox: ['PASSWORD_RESET', 'ACCOUNT_CHANGED'] });
});
afterAll(async () => {
  await stack?.stop();
});

describe('asking for a link', () => {
  it('answers identically for a username, an e-mail address and an unknown login', async () => {
    const someone = await createAccount(stack, 'consumer');
    const address = newAddress();
    const answers = [await ask(someone.username, address), await ask(someone.email, address), await ask('nobody-at-all', address)];
    const shape = (r: (typeof answers)[number]) => ({
      status: r.status,
      body: r.body,
      type: r.headers.get('content-type'),
      length: r.headers.get('content-length'),
    });
    expect(shape(answers[1]!)).toEqual(shape(answers[0]!));
    expect(shape(answers[2]!)).toEqual(shape(answers[0]!));
    expect(answers[0]!.status).toBe(202);
    // the known account got its two links, in its language, to its own address
    await expect.poll(() => linksTo(someone).length, { timeout: 10_000 }).toBe(2);
    expect(linksTo(someone)[0]!.body).toMatchObject({ locale: 'es', to: { email: someone.email } });
    expect(linksTo(someone)[0]!.body.resetUrl).toMatch(/^http:\/\/localhost:8080\/reset-password\?token=[\w-]{43}$/);
  });

  it('keeps only a hash of the token, valid for 30 minutes', async () => {
    const someone = await createAccount(stack, 'seller');
    const token = await linkFor(someone);
    expect(await countRows(stack, 'SELECT count(*) AS n FROM password_resets WHERE token_hash = ?', [token])).toBe(0);
    const [row] = await queryRows<{ minutes: number }>(
      stack,
      'SELECT TIMESTAMPDIFF(SECOND, created_at, expires_at) / 60 AS minutes FROM password_resets WHERE token_hash = ?',
      [createHash('sha256').update(token).digest('hex')],
    );
    expect(Number(row!.minutes)).toBe(30);
  });

  it('sends at most 3 links per account per window, still answering every request alike', async () => {
    const someone = await createAccount(stack, 'consumer');
    for (let i = 0; i < 5; i++) expect((await ask(someone.username, newAddress())).status).toBe(202);
    await expect.poll(() => linksTo(someone).length, { timeout: 10_000 }).toBe(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(linksTo(someone)).toHaveLength(3);
  });

  it('answers 429 with Retry-After after 5 requests from one address, whatever they named', async () => {
    const address = newAddress();
    for (let i = 0; i < 5; i++) expect((await ask(`who-${i}`, address)).status).toBe(202);
    const limited = await ask('who-else', address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await ask('who-else', newAddress())).status).toBe(202);
  });

  it('refuses a missing, empty or overlong login with 400', async () => {
    for (const loginName of [undefined, '', 'x'.repeat(255), 42]) expect((await askAsIs(loginName, newAddress())).status, String(loginName)).toBe(400);
  });
});

describe('setting a new password with the link', () => {
  it('sets it once, ends every session, and tells the account', async () => {
    const someone = await createAccount(stack, 'consumer');
    const other = await login(stack, someone.username, someone.password);
    const token = await linkFor(someone);
    expect((await confirm(token, 'a brand new secret')).status).toBe(204);

    expect((await login(stack, someone.username, 'a brand new secret')).access_token).toBeTruthy();
    await expect(login(stack, someone.username, someone.password)).rejects.toThrow(/401|400/);
    for (const refreshToken of [someone.refreshToken, other.refresh_token]) {
      const res = await send(stack, null, authApi.token, { body: { grant_type: 'refresh_token', refresh_token: refreshToken } });
      expect(res.status).toBe(400);
    }
    // and the access tokens of every session stop working too
    await expect
      .poll(async () => (await send(stack, someone, usersApi.me)).status, { timeout: 10_000 })
      .toBe(401);
    const again = await confirm(token, 'yet another secret');
    expect([again.status, again.body.error]).toEqual([400, 'invalid_token']);
    expect(again.body.details).toMatchObject([{ field: 'token', code: 'invalid_token' }]);
    await expect
      .poll(() => stack.inbox.received.filter((m) => m.routingKey === 'ACCOUNT_CHANGED' && m.body.to.name === someone.username).length, { timeout: 10_000 })
      .toBe(1);
  });

  it('spends every other outstanding link of the account with it', async () => {
    const someone = await createAccount(stack, 'consumer');
    const first = await linkFor(someone);
    const second = await linkFor(someone);
    expect((await confirm(second, 'a brand new secret')).status).toBe(204);
    expect((await confirm(first, 'another new secret')).status).toBe(400);
  });

  it('refuses an expired or unknown token, and a weak password, changing nothing', async () => {
    const someone = await createAccount(stack, 'consumer');
    const token = await linkFor(someone);
    expect((await confirm(token, 'short')).status).toBe(400);
    expect((await confirm('A'.repeat(43), 'a brand new secret')).body.error).toBe('invalid_token');
    for (const bad of ['', 'not a token!', 42]) expect((await confirmAsIs(bad, 'a brand new secret')).status).toBe(400);
    await queryRows(stack, 'UPDATE password_resets SET expires_at = CURRENT_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE token_hash = ?', [
      createHash('sha256').update(token).digest('hex'),
    ]);
    expect((await confirm(token, 'a brand new secret')).body.error).toBe('invalid_token');
    expect((await login(stack, someone.username, someone.password)).access_token).toBeTruthy();
  });
});
