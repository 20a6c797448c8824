import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authApi, usersApi } from '@marketshare/contracts';
import { bodyOf, createAccount, login, send, startStack, tokenRequest, type Stack } from '@marketshare/test-env';

// The person-facing grants against the real users service (which checks passwords) and auth's own database.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users'], env: { LOGIN_FAILURES_PER_WINDOW: '3' } });
});
afterAll(() => stack?.stop());

const grant = (form: Record<string, string>) => tokenRequest(stack, form);
const introspect = (token: string) => send(stack, null, authApi.introspect, { body: { token } });

describe('password and refresh_token grants', () => {
  it('issues a user token whose claims name the person and the role', async () => {
    const a = await createAccount(stack, 'seller');
    const payload = JSON.parse(Buffer.from(a.token.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ sub: String(a.id), user_name: a.username, role: 'seller', authorities: ['ROLE_SELLER'], scope: 'user' });
    expect((await introspect(a.refreshToken)).body).toMatchObject({ active: true, token_type: 'refresh_token', sub: String(a.id) });
  });

  it('matches the username case-insensitively', async () => {
    const a = await createAccount(stack, 'consumer');
    const res = await grant({ grant_type: 'password', username: a.username.toUpperCase(), password: a.password });
    expect(res.status).toBe(200);
  });

  it('rotates the refresh token; replaying a spent one revokes the whole family', async () => {
    const a = await createAccount(stack, 'consumer');
    const first = await grant({ grant_type: 'refresh_token', refresh_token: a.refreshToken });
    const rotated = bodyOf(first).refresh_token!;
    expect(rotated).not.toBe(a.refreshToken);
    const replay = await grant({ grant_type: 'refresh_token', refresh_token: a.refreshToken });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const newer = await grant({ grant_type: 'refresh_token', refresh_token: rotated });
    expect(newer.body.error).toBe('invalid_grant');
    // a separate login is a separate family and still works
    const other = await login(stack, a.username, a.password);
    expect((await grant({ grant_type: 'refresh_token', refresh_token: other.refresh_token })).status).toBe(200);
  });

  it('lets exactly one of two simultaneous refreshes with the same token win', async () => {
    const a = await createAccount(stack, 'consumer');
    const results = await Promise.all([1, 2].map(() => grant({ grant_type: 'refresh_token', refresh_token: a.refreshToken })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('answers invalid_grant to a wrong password or an unknown user, and rate-limits failed logins', async () => {
    const a = await createAccount(stack, 'consumer');
    for (let i = 0; i < 3; i++) {
      const res = await grant({ grant_type: 'password', username: a.username, password: 'wrong password' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    }
    const limited = await grant({ grant_type: 'password', username: a.username, password: a.password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const unknown = await grant({ grant_type: 'password', username: 'nobody_here_at_all', password: 'x' });
    expect(unknown.body.error).toBe('invalid_grant');
  });

  it('refuses a refresh token presented by another client', async () => {
    const a = await createAccount(stack, 'consumer');
    const res = await tokenRequest(stack, { grant_type: 'refresh_token', refresh_token: a.refreshToken }, { client: ['marketshare-api', stack.env.API_CLIENT_SECRET!] });
    expect(res.body.error).toBe('invalid_grant');
  });

  it('revokes every other session’s refresh tokens when a password changes, keeping the changer’s', async () => {
    const a = await createAccount(stack, 'consumer');
    const second = await login(stack, a.username, a.password);
    const change = await send(stack, a, usersApi.changePassword, { body: { currentPassword: a.password, newPassword: 'a brand new password' } });
    expect(change.status).toBeLessThan(300);
    expect((await grant({ grant_type: 'refresh_token', refresh_token: second.refresh_token })).body.error).toBe('invalid_grant');
    expect((await grant({ grant_type: 'refresh_token', refresh_token: a.refreshToken })).status).toBe(200);
    expect((await grant({ grant_type: 'password', username: a.username, password: 'a brand new password' })).status).toBe(200);
  });

  it('revokes a refresh token on logout (RFC 7009)', async () => {
    const a = await createAccount(stack, 'seller');
    const rev = await send(stack, null, authApi.revoke, { body: { token: a.refreshToken, token_type_hint: 'refresh_token' } });
    expect(rev.status).toBe(200);
    expect((await introspect(a.refreshToken)).body).toEqual({ active: false });
  });
});
