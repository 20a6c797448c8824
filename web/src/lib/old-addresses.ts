// The original's profile address, `/profile/{id}`, from bookmarks and old e-mails. A seller's leads to their
// storefront with a permanent redirect (308, like the original's other addresses in next.config.ts); a consumer has
// no public page here, so their id, like an unknown one, falls through to the 404 page. Which it is depends on the
// account, so this is the proxy's to decide rather than a redirect rule's.
import { createApiClient, MAX_INT_ID, usersApi } from '@marketshare/contracts';
import { NextResponse, type NextRequest } from 'next/server';
import { config } from './config';

const OLD_PROFILE = /^\/profile\/(\d{1,10})$/;
const users = createApiClient({ baseUrl: () => config.usersUrl, timeoutMs: 5_000, init: { cache: 'no-store' } });

/** The id in an old profile address, or null when the request is for anything else. */
export function oldProfileId(req: NextRequest): number | null {
  const id = Number(OLD_PROFILE.exec(req.nextUrl.pathname)?.[1] ?? 0);
  return id >= 1 && id <= MAX_INT_ID ? id : null;
}

/** The redirect to the seller's storefront, or null to go on to the 404 page (not a seller's id). */
export async function oldProfileRedirect(req: NextRequest, id: number): Promise<NextResponse | null> {
  const requestId = req.headers.get('x-request-id');
  const answer = await users
    .send(usersApi.get, { params: { id }, authorization: null, headers: requestId ? { 'x-request-id': requestId } : {} })
    .catch(() => null);
  if (answer?.ok) return answer.body.role === 'seller' ? storefront(req, id) : null;
  if (answer?.status === 404) return null;
  // Users could not say whose id it is: neither a redirect nor a 404 would be true.
  return new NextResponse('Service unavailable, please retry shortly. / Servicio no disponible, reintentá en unos momentos.', {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' },
  });
}

// Next's proxy needs an absolute URL to redirect to (a bare relative Location answered 500); it makes a same-origin
// one relative again.
const storefront = (req: NextRequest, id: number) => NextResponse.redirect(new URL(`/sellers/${id}${req.nextUrl.search}`, req.nextUrl), 308);
