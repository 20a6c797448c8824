// Keeps the session fresh before any page renders: server components cannot set cookies, so an expired access
// token is refreshed here, and the new tokens go both to the browser and to the request being rendered.
import { NextResponse, type NextRequest } from 'next/server';
import {
  ACCESS_COOKIE, AUTH_UNAVAILABLE_HEADER, REFRESH_COOKIE, decodeClaims, isExpiring, personAddress, refreshGrant, tokenCookieOptions,
} from './lib/tokens';
import { consumerPage, isSharedConsumerPage } from './lib/consumer-pages';
import { guestPage, isSharedGuestPage } from './lib/guest-pages';

export async function proxy(req: NextRequest) {
  if (isSharedGuestPage(req)) return guestPage(req);
  const access = req.cookies.get(ACCESS_COOKIE)?.value;
  const refresh = req.cookies.get(REFRESH_COOKIE)?.value;
  const claims = decodeClaims(access);
  const headers = new Headers(req.headers);
  headers.delete(AUTH_UNAVAILABLE_HEADER); // never trust it from outside

  if ((claims && !isExpiring(claims)) || (!access && !refresh)) {
    const shared = access && claims && isSharedConsumerPage(req, claims) ? await consumerPage(req, access, claims) : null;
    return shared ?? NextResponse.next({ request: { headers } });
  }
  if (!refresh) return endSession(req, headers);

  const result = await refreshGrant(refresh, personAddress(req.headers.get('x-forwarded-for')));
  if (result.ok) {
    const { access_token, refresh_token } = result.tokens;
    req.cookies.set(ACCESS_COOKIE, access_token);
    req.cookies.set(REFRESH_COOKIE, refresh_token);
    headers.set('cookie', req.cookies.toString());
    const res = NextResponse.next({ request: { headers } });
    res.cookies.set(ACCESS_COOKIE, access_token, tokenCookieOptions());
    res.cookies.set(REFRESH_COOKIE, refresh_token, tokenCookieOptions());
    return res;
  }
  if (result.kind === 'unavailable') {
    // Auth is down: keep the cookies (unlike the original, which logged everyone out) and tell the layout.
    headers.set(AUTH_UNAVAILABLE_HEADER, '1');
    return NextResponse.next({ request: { headers } });
  }
  return endSession(req, headers);
}

/** The refresh token was refused (expired, revoked or reused): continue as a guest. */
function endSession(req: NextRequest, headers: Headers) {
  req.cookies.delete(ACCESS_COOKIE);
  req.cookies.delete(REFRESH_COOKIE);
  headers.set('cookie', req.cookies.toString());
  const res = NextResponse.next({ request: { headers } });
  res.cookies.delete(ACCESS_COOKIE);
  res.cookies.delete(REFRESH_COOKIE);
  return res;
}

// A guest's request (no session cookie, no forged auth-unavailable header) has nothing for the session part to do,
// so the proxy runs for it only on the pages guests share (lib/guest-pages.ts). The values are literal because Next
// reads this config at build time; they must stay equal to ACCESS_COOKIE, REFRESH_COOKIE and
// AUTH_UNAVAILABLE_HEADER.
export const config = {
  matcher: [
    { source: '/((?!_next/static|_next/image|images/|healthz|readyz|favicon.ico|robots.txt).*)', has: [{ type: 'cookie', key: 'ms_access' }] },
    { source: '/((?!_next/static|_next/image|images/|healthz|readyz|favicon.ico|robots.txt).*)', has: [{ type: 'cookie', key: 'ms_refresh' }] },
    { source: '/((?!_next/static|_next/image|images/|healthz|readyz|favicon.ico|robots.txt).*)', has: [{ type: 'header', key: 'x-ms-auth-unavailable' }] },
    { source: '/' },
    { source: '/products/:id(\\d{1,10})' },
  ],
};
