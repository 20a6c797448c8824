import { usersApi, type VerifiedUser as VerifiedUserAnswer } from '@marketshare/contracts';
import type { KeyRing } from './domain/keys.js';
import { signAccessToken } from './domain/tokens.js';
import { AUTH_SELF_CLIENT } from './domain/clients.js';
import type { VerifiedUser } from './oauth-model.js';

/**
 * Asks the users service whether a password is right, with a service token auth signs for itself (it is the
 * issuer, so it needs no token endpoint round trip). Auth never reads the users database.
 */
export function usersCredentialChecker(opts: { usersUrl: string; keys: KeyRing; issuer: string }) {
  let cached: { token: string; exp: number } | undefined;
  const token = async () => {
    if (!cached || cached.exp - 60 < Date.now() / 1000) {
      const t = await signAccessToken(opts.keys, opts.issuer, { sub: AUTH_SELF_CLIENT, role: 'service' }, AUTH_SELF_CLIENT, 'internal', 900);
      cached = { token: t.token, exp: t.exp };
    }
    return cached.token;
  };
  return async function verifyPassword(username: string, password: string): Promise<VerifiedUser | undefined> {
    const res = await fetch(opts.usersUrl + usersApi.verifyCredentials.path, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status === 401 || res.status === 404 || res.status === 400) return undefined;
    if (!res.ok) throw new Error(`users service answered ${res.status} to a credentials check`);
    const u = (await res.json()) as VerifiedUserAnswer;
    return { id: u.id, username: u.username, role: u.role };
  };
}
