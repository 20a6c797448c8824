import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authApi, usersApi } from '@marketshare/contracts';
import { bodyOf, createAccount, eventually, http, login, send, sleep, startStack, tokenRequest, type Stack } from '@marketshare/test-env';

// Revocation is per session (one sign-in and its refreshes, named by the `sid` claim): /oauth/revoke and logout
// end that session, a password change ends every other one. Services must refuse its access tokens within 5 s,
// not when the tokens expire.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users'] });
});
afterAll(() => stack?.stop());

const HONOURED_WITHIN_MS = 5_000;
const me = (token: string) => send(stack, token, usersApi.me);
const topUp = (token: string) => send(stack, token, usersApi.addFunds, { body: { amount: 100 } });
const revoke = (token: string) => send(stack, null, authApi.revoke, { body: { token } });
const refresh = (refresh_token: string) => tokenRequest(stack, { grant_type: 'refresh_token', refresh_token });
const endedSessions = (after: number) => send(stack, null, authApi.endedSessions, { query: { after } });
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
    expect((await send(stack, null, authApi.introspect, { body: { token: a.token } })).body).toEqual({ active: false });
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
    const change = await send(stack, a, usersApi.changePassword, { body: { currentPassword: a.password, newPassword: 'a brand new password' } });
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
    const list = bodyOf(await endedSessions(0));
    expect(list.items.map((i) => i.sid)).toContain(claims(a.token).sid);
    expect(bodyOf(await endedSessions(list.next)).items).toEqual([]);
    // a negative cursor is outside the contract
    expect((await http('GET', `${stack.url('auth')}/oauth/ended-sessions?after=-1`)).status).toBe(400);
  });
});
