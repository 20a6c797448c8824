import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, createAccount, sleep, startStack, TEST_SECRETS, tokenRequest, WEB_CLIENT, type Stack } from '@marketshare/test-env';
import { addressKey } from '@marketshare/service-kit';

// Refused refresh tokens are limited per client and end-user address (docs/internals.md, "OAuth clients"), against the real auth
// database and users service. The address comes from X-Forwarded-For's last entry, as the gateway or the web app
// (which forwards each person's address) sends it; the window is a couple of seconds here instead of minutes.

const LIMIT = 3;
const WINDOW_SECONDS = 2;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    services: ['auth', 'users'],
    env: { REFRESH_FAILURES_PER_WINDOW: String(LIMIT), REFRESH_FAILURE_WINDOW: String(WINDOW_SECONDS) },
  });
});
afterAll(() => stack?.stop());

let nextAddress = 1;
/** A documentation address (RFC 5737) of its own for each test, so the tests do not share counts. */
const freshAddress = () => `198.51.100.${nextAddress++}`;

const refresh = (refreshToken: string, from: string, client: [string, string] = WEB_CLIENT) =>
  tokenRequest(stack, { grant_type: 'refresh_token', refresh_token: refreshToken }, { client, from });
const guess = () => `guessed-${Math.random().toString(36).slice(2)}`;

/** An address (a fresh one unless named) that has just had as many refused refresh tokens as it may. */
async function exhaustedAddress(from = freshAddress()) {
  for (let i = 0; i < LIMIT; i++) {
    const res = await refresh(guess(), from);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  }
  return from;
}

describe('refresh_token grant rate limit', () => {
  it('answers 429 with Retry-After once an address has had too many refused refresh tokens, even to a good one', async () => {
    const a = await createAccount(stack, 'consumer');
    const from = await exhaustedAddress();
    const limited = await refresh(a.refreshToken, from);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'too_many_requests' });
    expect(limited.headers.get('cache-control')).toBe('no-store');
    const wait = Number(limited.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(WINDOW_SECONDS);
    // the limited request did not spend the token
    expect((await refresh(a.refreshToken, freshAddress())).status).toBe(200);
  });

  it('counts stale tokens too: replaying spent ones from a list of stolen tokens trips it', async () => {
    const from = freshAddress();
    const spent: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const a = await createAccount(stack, 'consumer');
      expect((await refresh(a.refreshToken, freshAddress())).status).toBe(200);
      spent.push(a.refreshToken);
    }
    for (const token of spent) expect((await refresh(token, from)).body.error).toBe('invalid_grant');
    expect((await refresh(guess(), from)).status).toBe(429);
  });

  it('never counts successful refreshes: a client rotating its token many times in a row is never limited', async () => {
    const a = await createAccount(stack, 'consumer');
    const from = freshAddress();
    let token = a.refreshToken;
    for (let i = 0; i < LIMIT * 4; i++) {
      const res = await refresh(token, from);
      expect(res.status, `refresh ${i + 1}`).toBe(200);
      token = bodyOf(res).refresh_token!;
    }
  });

  it("limits only the address that failed: the web app's other users, behind the same server address, refresh", async () => {
    // Every call here comes from this test's one socket address, as the web app's do; only the forwarded
    // address differs, and one person hammering through the web app stops only that person.
    const attacker = await exhaustedAddress();
    expect((await refresh(guess(), attacker)).status).toBe(429);
    for (let i = 0; i < LIMIT + 2; i++) {
      const person = await createAccount(stack, 'consumer');
      const res = await refresh(person.refreshToken, freshAddress());
      expect(res.status).toBe(200);
      expect(res.body.access_token).toBeTruthy();
    }
    // nor is the server's own address touched by what was forwarded
    const direct = await createAccount(stack, 'consumer');
    const res = await tokenRequest(stack, { grant_type: 'refresh_token', refresh_token: direct.refreshToken });
    expect(res.status).toBe(200);
  });

  it('keeps each client its own count', async () => {
    const from = await exhaustedAddress();
    expect((await refresh(guess(), from)).status).toBe(429);
    const api: [string, string] = ['marketshare-api', TEST_SECRETS.API_CLIENT_SECRET];
    const { username } = await createAccount(stack, 'seller');
    const integrator = bodyOf(await tokenRequest(stack, { grant_type: 'password', username, password: 'correct horse battery' }, { client: api }));
    expect((await refresh(integrator.refresh_token!, from, api)).status).toBe(200);
  });

  it('counts an IPv6 /64 as one address', async () => {
    await exhaustedAddress('2001:db8:77:1::1');
    expect((await refresh(guess(), '2001:db8:77:1:ffff::42')).status).toBe(429);
    const a = await createAccount(stack, 'consumer');
    expect((await refresh(a.refreshToken, '2001:db8:77:2::1')).status).toBe(200);
  });

  it('lets the address in again once the window has passed', async () => {
    const a = await createAccount(stack, 'consumer');
    const from = await exhaustedAddress();
    const limited = await refresh(a.refreshToken, from);
    expect(limited.status).toBe(429);
    await sleep(Number(limited.headers.get('retry-after')) * 1000 + 100); // the limit's own window: what this test is about
    const res = await refresh(a.refreshToken, from);
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeTruthy();
  });

  it('leaves password logins from that address to their own limit', async () => {
    const a = await createAccount(stack, 'consumer');
    const from = await exhaustedAddress();
    const res = await tokenRequest(stack, { grant_type: 'password', username: a.username, password: a.password }, { from });
    expect(res.status).toBe(200);
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses whole, unwraps IPv4-mapped ones and groups IPv6 by /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:DB8:0:1:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(addressKey('not an address')).toBe('not an address');
  });
});
