import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, startStack, tokenRequest, type Stack } from '@marketshare/test-env';

// Failed logins: one budget per account whatever variant of its name is typed, one per client address over all
// names, kept in auth's database (so a restart or another replica sees the same counts), with capped fields.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users'], env: { LOGIN_FAILURES_PER_WINDOW: '3', LOGIN_FAILURES_PER_ADDRESS: '6' } });
});
afterAll(() => stack?.stop());

// each test signs in from an address of its own (the one hop auth trusts appends it to X-Forwarded-For)
const from = () => `198.51.100.${1 + randomBytes(1)[0]! % 250}`;
const grant = (address: string, username: string, password: string) =>
  tokenRequest(stack, { grant_type: 'password', username, password }, { from: address });
const attemptRows = async () => {
  const db = new pg.Client({ connectionString: stack.env.AUTH_DATABASE_URL });
  await db.connect();
  try {
    return Number((await db.query<{ n: string }>('select count(*) as n from failed_attempts')).rows[0]!.n);
  } finally {
    await db.end();
  }
};

describe('failed logins', () => {
  it('gives an account one budget whatever variant of its name is typed, and keeps it across a restart', async () => {
    const a = await createAccount(stack, 'consumer');
    const ip = from();
    const variants = [a.username, `${a.username.toUpperCase()}   `, `  ${a.username[0]!.toUpperCase()}${a.username.slice(1)}`];
    for (const v of variants) expect((await grant(ip, v, 'wrong password')).body.error).toBe('invalid_grant');
    // the budget is spent for every spelling of the name, from any address, even with the right password
    for (const v of [...variants, `${a.username}\t`]) expect((await grant(from(), v, a.password)).status).toBe(429);
    await stack.stopService('auth');
    await stack.startService('auth');
    expect((await grant(from(), a.username, a.password)).status).toBe(429);
  });

  it('refuses names no account can have before counting or looking them up', async () => {
    const a = await createAccount(stack, 'consumer');
    const ip = from();
    const before = await attemptRows();
    const impossible = [`${a.username}é`, `${a.username.slice(0, -1)}é`, 'a b', 'x'.repeat(33), '', '\u0000' + a.username];
    for (let i = 0; i < 3; i++) {
      for (const name of impossible) expect((await grant(ip, name, a.password)).body.error).toBe('invalid_grant');
    }
    expect(await attemptRows()).toBe(before);
    expect((await grant(ip, a.username, a.password)).status).toBe(200);
  });

  it('limits failures per client address across usernames', async () => {
    const ip = from();
    for (let i = 0; i < 6; i++) {
      expect((await grant(ip, `nobody_${randomBytes(4).toString('hex')}`, 'wrong password')).body.error).toBe('invalid_grant');
    }
    const sprayed = await grant(ip, `nobody_${randomBytes(4).toString('hex')}`, 'wrong password');
    expect(sprayed.status).toBe(429);
    expect(Number(sprayed.headers.get('retry-after'))).toBeGreaterThan(0);
    // another address is not affected
    const a = await createAccount(stack, 'seller');
    expect((await grant(from(), a.username, a.password)).status).toBe(200);
  });

  it('caps credential fields before anything is stored', async () => {
    const before = await attemptRows();
    const ip = from();
    for (const [username, password] of [
      ['u'.repeat(200_000), 'x'],
      ['valid_name', 'p'.repeat(200_000)],
      [' '.repeat(500_000), 'x'],
    ] as const) {
      const res = await grant(ip, username, password);
      expect(res.status).toBe(400);
    }
    expect(await attemptRows()).toBe(before);
  });
});
