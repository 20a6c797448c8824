// Runs before every page and server action. It gives each render the nonce its scripts carry (the
// Content-Security-Policy, lib/content-security-policy.ts), refuses bodies too large for where they are sent
// (lib/request-body-limit.ts), and keeps the session fresh: server components cannot set cookies, so an expired
// access token is refreshed here, and the new tokens go both to the browser and to the request being rendered. An
// access token counts only when auth's keys verify it; any other is treated as no token at all.
import { NextResponse, type NextRequest } from 'next/server';
import {
  ACCESS_COOKIE, AUTH_UNAVAILABLE_HEADER, REFRESH_COOKIE, decodeClaims, isExpiring, personAddress, refreshGrant, tokenCookieOptions,
  verifiedClaims, type Claims, type TokenSet,
} from './lib/tokens';
import { CSP_HEADER, contentSecurityPolicy, newNonce } from './lib/content-security-policy';
import { consumerPage, isSharedConsumerPage } from './lib/consumer-pages';
import { guestPage, isSharedGuestPage } from './lib/guest-pages';
import { oldProfileId, oldProfileRedirect } from './lib/old-addresses';
import { refuseLargeBody } from './lib/request-body-limit';

/** Where the request's session stands once the proxy has looked at its cookies. */
type SessionState =
  | { kind: 'none' }
  | { kind: 'signed-in'; access: string; claims: Claims; refreshed?: TokenSet }
  /** The cookies held no usable session: they are removed from the browser and from this request. */
  | { kind: 'ended' }
  /** Auth could not be reached to refresh it: the cookies are kept (unlike the original, which logged everyone out). */
  | { kind: 'auth-unavailable' };

export async function proxy(req: NextRequest) {
  const oldProfile = oldProfileId(req);
  if (oldProfile !== null) {
    const moved = await oldProfileRedirect(req, oldProfile);
    if (moved) return moved;
  }
  const bodyTooLarge = refuseLargeBody(req, undefined);
  if (!bodyTooLarge) {
    const shared = isSharedGuestPage(req) ? await guestPage(req) : null;
    if (shared) return shared;
  }
  const session = await resumeSession(req);
  const refusal = bodyTooLarge && refuseLargeBody(req, session.kind === 'signed-in' ? session.claims.role : undefined);
  if (refusal) return withCookies(refusal, session);

  const headers = new Headers(req.headers);
  headers.delete(AUTH_UNAVAILABLE_HEADER); // never trust it from outside
  headers.delete(`${CSP_HEADER}-report-only`);
  if (session.kind === 'auth-unavailable') headers.set(AUTH_UNAVAILABLE_HEADER, '1');
  if (session.kind === 'signed-in' && session.refreshed) {
    req.cookies.set(ACCESS_COOKIE, session.refreshed.access_token);
    req.cookies.set(REFRESH_COOKIE, session.refreshed.refresh_token);
    headers.set('cookie', req.cookies.toString());
  }
  if (session.kind === 'ended') {
    req.cookies.delete(ACCESS_COOKIE);
    req.cookies.delete(REFRESH_COOKIE);
    headers.set('cookie', req.cookies.toString());
  }
  if (session.kind === 'signed-in' && !session.refreshed && isSharedConsumerPage(req, session.claims)) {
    const shared = await consumerPage(req, session.access, session.claims);
    if (shared) return shared;
  }
  // Next.js reads the nonce from the request's policy and puts it on every script of this render.
  const policy = contentSecurityPolicy(newNonce());
  headers.set(CSP_HEADER, policy);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set(CSP_HEADER, policy);
  return withCookies(res, session);
}

async function resumeSession(req: NextRequest): Promise<SessionState> {
  const access = req.cookies.get(ACCESS_COOKIE)?.value;
  const refresh = req.cookies.get(REFRESH_COOKIE)?.value;
  if (!access && !refresh) return { kind: 'none' };
  const unverified = decodeClaims(access);
  if (access && unverified && !isExpiring(unverified)) {
    const claims = await verifiedClaims(access);
    if (claims) return { kind: 'signed-in', access, claims };
  }
  // Expired, about to, or not one auth signed (or auth's keys could not be read): the refresh token decides.
  if (!refresh) return { kind: 'ended' };
  const result = await refreshGrant(refresh, personAddress(req.headers.get('x-forwarded-for')));
  if (result.ok) {
    const claims = decodeClaims(result.tokens.access_token); // auth's own answer to this request
    return claims ? { kind: 'signed-in', access: result.tokens.access_token, claims, refreshed: result.tokens } : { kind: 'ended' };
  }
  return result.kind === 'unavailable' ? { kind: 'auth-unavailable' } : { kind: 'ended' };
}

function withCookies(res: NextResponse, session: SessionState): NextResponse {
  if (session.kind === 'signed-in' && session.refreshed) {
    res.cookies.set(ACCESS_COOKIE, session.refreshed.access_token, tokenCookieOptions());
    res.cookies.set(REFRESH_COOKIE, session.refreshed.refresh_token, tokenCookieOptions());
  }
  if (session.kind === 'ended') {
    res.cookies.delete(ACCESS_COOKIE);
    res.cookies.delete(REFRESH_COOKIE);
  }
  return res;
}

// Every page and action needs its nonce, so the proxy runs for everything but static files, images (the
// gateway's) and health checks (the original's /profile/{id} addresses included: lib/old-addresses.ts). The values
// are literal because Next reads this config at build time.
export const config = {
  matcher: ['/((?!_next/static|_next/image|images/|healthz|readyz|favicon.ico|robots.txt).*)'],
};
