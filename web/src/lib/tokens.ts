// OAuth2 calls to the auth service with the web app's client credentials, and the session cookies that hold
// the resulting tokens. Used by the proxy (refresh) and by server actions (login, logout); no React here.
import { authApi, type OAuthErrorBody, type TokenResponse, type UserClaims } from '@marketshare/contracts';
import { createTokenVerifier, type TokenVerifier } from '@marketshare/service-kit/auth';
import { config, secureCookies, webClientBasic } from './config';

export const ACCESS_COOKIE = 'ms_access';
export const REFRESH_COOKIE = 'ms_refresh';
export const LANG_COOKIE = 'ms_lang';
/** Set on the forwarded request by the proxy when auth could not be reached to refresh the session. */
export const AUTH_UNAVAILABLE_HEADER = 'x-ms-auth-unavailable';

/** A person's tokens: the token endpoint's answer to the password and refresh_token grants. */
export type TokenSet = TokenResponse & { refresh_token: string };
/** What the web app reads of a person's access token (the claims are auth's, packages/contracts). */
export type Claims = Pick<UserClaims, 'sub' | 'user_name' | 'role' | 'exp'>;

/**
 * Reads the JWT's claims without verifying them: enough to see when it expires, never to decide who is signed in
 * (verifiedClaims does that).
 */
export function decodeClaims(jwt: string | undefined): Claims | null {
  const part = jwt?.split('.')[1];
  if (!part) return null;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Claims;
    return typeof claims.sub === 'string' && typeof claims.exp === 'number' ? claims : null;
  } catch {
    return null;
  }
}

// The services' own verifier (packages/service-kit): auth's JWKS, its issuer, and the sessions auth has ended. One
// per process, shared by the proxy's and the pages' bundles through globalThis like the refreshes below.
const verifier = (): TokenVerifier =>
  ((globalThis as { __msTokenVerifier?: TokenVerifier }).__msTokenVerifier ??= createTokenVerifier({
    jwksUrl: `${config.authUrl}/.well-known/jwks.json`,
    issuer: config.publicUrl,
    endedSessionsUrl: `${config.authUrl}${authApi.endedSessions.path}`,
  }));

/**
 * The claims of an access token auth signed for a person, unexpired and of a session still open; `null` for
 * anything else (forged, signed by another key, `alg: none`, expired, revoked, or auth's keys out of reach).
 */
export async function verifiedClaims(jwt: string | undefined): Promise<Claims | null> {
  const claims = decodeClaims(jwt);
  if (!jwt || !claims) return null;
  const who = await verifier().verify(jwt).catch(() => null);
  return who?.kind === 'user' && String(who.id) === claims.sub ? claims : null;
}

/** Expired, or about to: refresh a little early so a token does not lapse between the proxy and a service call. */
export const isExpiring = (claims: Claims, skewSeconds = 20) => claims.exp * 1000 - skewSeconds * 1000 <= Date.now();

export type GrantResult =
  | { ok: true; tokens: TokenSet }
  | { ok: false; kind: 'rejected'; error: string; status: number }
  | { ok: false; kind: 'unavailable'; error: string };

async function tokenRequest(params: Record<string, string>, personAddress?: string): Promise<GrantResult> {
  const headers: Record<string, string> = {
    authorization: webClientBasic(),
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  // auth limits refused refresh tokens per address; without this every person would share the web server's
  if (personAddress) headers['x-forwarded-for'] = personAddress;
  let res: Response;
  try {
    res = await fetch(`${config.authUrl}/oauth/token`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(params),
      cache: 'no-store',
      signal: AbortSignal.timeout(8000),
    });
  } catch (e) {
    return { ok: false, kind: 'unavailable', error: (e as Error).message };
  }
  const body = (await res.json().catch(() => ({}))) as Partial<TokenSet> & Partial<OAuthErrorBody>;
  if (res.ok && body.access_token && body.refresh_token) return { ok: true, tokens: body as TokenSet };
  if (res.status >= 500 || res.status === 429) return { ok: false, kind: 'unavailable', error: body.error ?? `HTTP ${res.status}` };
  return { ok: false, kind: 'rejected', error: body.error ?? 'invalid_grant', status: res.status };
}

export const passwordGrant = (username: string, password: string) =>
  tokenRequest({ grant_type: 'password', username, password });

// Refresh tokens rotate and reusing a spent one revokes the whole family, so concurrent requests carrying the same
// refresh cookie (parallel navigations, prefetches) must share one refresh. This process-local map does that; the
// result is kept briefly for requests that were already in flight with the old cookie.
const inflight = ((globalThis as { __msRefresh?: Map<string, { at: number; p: Promise<GrantResult> }> }).__msRefresh ??=
  new Map());
export function refreshGrant(refreshToken: string, personAddress?: string): Promise<GrantResult> {
  const now = Date.now();
  for (const [k, v] of inflight) if (now - v.at > 30_000) inflight.delete(k);
  const hit = inflight.get(refreshToken);
  if (hit) return hit.p;
  const p = tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, personAddress);
  inflight.set(refreshToken, { at: now, p });
  p.then(
    (r) => { if (!r.ok && r.kind === 'unavailable') inflight.delete(refreshToken); },
    () => inflight.delete(refreshToken), // the caller gets the rejection; the next one asks again
  );
  return p;
}

/**
 * The address of the person making a request: the last X-Forwarded-For entry, the one the gateway appended; earlier
 * entries are whatever the client wrote.
 */
export function personAddress(forwardedFor: string | null): string | undefined {
  const last = forwardedFor?.split(',').pop()?.trim();
  return last || undefined;
}

export async function revokeToken(refreshToken: string): Promise<void> {
  await fetch(`${config.authUrl}/oauth/revoke`, {
    method: 'POST',
    headers: { authorization: webClientBasic(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }),
    cache: 'no-store',
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined); // Revocation is best effort: the cookies are cleared either way.
}

const THIRTY_DAYS = 30 * 24 * 3600;
/** Cookie attributes for both tokens: the access cookie outlives the JWT so an expired one can be refreshed. */
export const tokenCookieOptions = () => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: secureCookies(),
  path: '/',
  maxAge: THIRTY_DAYS,
});
export const langCookieOptions = () => ({ sameSite: 'lax' as const, secure: secureCookies(), path: '/', maxAge: 365 * 24 * 3600 });
