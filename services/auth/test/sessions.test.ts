import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, eventually, http, login, sleep, startStack, WEB_CLIENT, type Stack } from '@marketshare/test-env';

// Revocation is per session (one sign-in and its refreshes, named by the `sid` claim): /oauth/revoke and logout
// end that session, a password change ends every other one. Services must refuse its access tokens within 5 s,
// not when the tokens expire.

let stack: Stack;
let auth: string;
let users: string;
beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users'] });
  auth = stack.url('auth');
  users = stack.url('users');
});
afterAll(() => stack?.stop());

const HONOURED_WITHIN_MS = 5_000;
const me = (token: string) => http('GET', `${users}/api/users/me`, { token });
const topUp = (token: string) => http('POST', `${users}/api/users/me/funds`, { token, json: { amount: 100 } });
const revoke = (token: string) => http('POST', `${auth}/oauth/revoke`, { basic: WEB_CLIENT, form: { token } });
const refresh = (refresh_token: string) =>
  http('POST', `${auth}/oauth/token`, { basic: WEB_CLIENT, form: { grant_type: 'refresh_token', refresh_token } });
const refusedSoon = async (token: string) => (await eventually(() => me(token), (r) => r.status === 401, HONOURED_WITHIN_MS)).status;
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('sessions', () => {
  it('names the session in access tokens, the same one across refreshes', async () => {
    const a = await createAccount(stack, 'consumer');
    const sid = claims(a.token).sid;
    expect(sid).toMatch(/^[0-9a-f-]{36}$/);
    const next = await refresh(a.refreshToken);
    expect(claims(next.body.access_token).sid).toBe(sid);
    expect(claims((await login(stack, a.username, a.password)).access_token).sid).not.toBe(sid);
  });

  it('refuses the access tokens of a session revoked by its access token, and only that session', async () => {
    const a = await createAccount(stack, 'consumer');
    const other = await login(stack, a.username, a.password);
    expect((await me(a.token)).status).toBe(200); // verified and cached before the revocation
    expect((await revoke(a.token)).status).toBe(200);
    expect(await refusedSoon(a.token)).toBe(401);
    expect((await topUp(a.token)).status).toBe(401);
    expect((await refresh(a.refreshToken)).body.error).toBe('invalid_grant');
    expect((await me(other.access_token)).status).toBe(200);
    expect((await http('POST', `${auth}/oauth/introspect`, { basic: WEB_CLIENT, form: { token: a.token } })).body).toEqual({ active: false });
  });

  it('refuses the access tokens of a session logged out by its refresh token', async () => {
    const a = await createAccount(stack, 'seller');
    expect((await me(a.token)).status).toBe(200);
    expect((await revoke(a.refreshToken)).status).toBe(200);
    expect(await refusedSoon(a.token)).toBe(401);
  });

  it('ends every other session on a password change and keeps the one that made it', async () => {
    const a = await createAccount(stack, 'consumer');
    const other = await login(stack, a.username, a.password);
    expect((await me(other.access_token)).status).toBe(200);
    const change = await http('PUT', `${users}/api/users/me/password`, {
      token: a.token,
      json: { currentPassword: a.password, newPassword: 'a brand new password' },
    });
    expect(change.status).toBe(204);
    expect(await refusedSoon(other.access_token)).toBe(401);
    expect((await topUp(other.access_token)).status).toBe(401);
    expect((await refresh(other.refresh_token)).body.error).toBe('invalid_grant');
    // the session that changed the password goes on, past the window in which the others stopped
    await sleep(HONOURED_WITHIN_MS);
    expect((await me(a.token)).status).toBe(200);
    expect((await topUp(a.token)).status).toBeLessThan(300);
    expect((await refresh(a.refreshToken)).status).toBe(200);
  });

  it('publishes ended sessions after a cursor and refuses a bad cursor', async () => {
    const a = await createAccount(stack, 'consumer');
    await revoke(a.refreshToken);
    const list = await http('GET', `${auth}/oauth/ended-sessions?after=0`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { sid: string }) => i.sid)).toContain(claims(a.token).sid);
    const later = await http('GET', `${auth}/oauth/ended-sessions?after=${list.body.next}`);
    expect(later.body.items).toEqual([]);
    expect((await http('GET', `${auth}/oauth/ended-sessions?after=-1`)).status).toBe(400);
  });
});
