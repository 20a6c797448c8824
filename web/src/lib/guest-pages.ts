// Catalog and product pages rendered once and shared. Every guest sees the same page for the same address and
// language, so the proxy renders it once (by asking this server for it, marked so the request is rendered as usual)
// and answers every guest from that copy for GUEST_PAGE_CACHE_MS (1 s by default), renewing it in the background
// while guests keep asking: many guests at once cost one render, and none waits for one after the first. A page
// is shared only when nothing in the request can make it personal, and only as a plain 200 that sets no cookie.
// Signed-in consumers share a render of their own in the same way, with markers where their name and balance go,
// which the proxy fills for each person (lib/consumer-pages.ts). A render's scripts carry the nonce of its own
// Content-Security-Policy (lib/content-security-policy.ts), so every copy goes out with the policy it was made with.
import { MicroCache } from '@marketshare/microcache';
import { NextResponse, type NextRequest } from 'next/server';
import { config } from './config';
import { CSP_HEADER } from './content-security-policy';
import { chooseLocale, type Locale } from './locale';
import { SHARED_RENDER_HEADER, compileTemplate, sharedRenderToken, type PageTemplate } from './personal-slots';
import { ACCESS_COOKIE, AUTH_UNAVAILABLE_HEADER, LANG_COOKIE, REFRESH_COOKIE } from './tokens';

/** Headers of Next.js's client navigation, prefetches and server actions: those answers are not the page. */
const NEXT_HEADERS = ['rsc', 'next-action', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch'];
const SHARED_PATH = /^\/(products\/\d{1,10})?$/;

/** Who a shared render is for: guests, or every signed-in consumer (with markers for the personal parts). */
export type Viewer = 'guest' | 'consumer';
type SharedPage = { contentType: string; policy: string } & ({ viewer: 'guest'; body: ArrayBuffer } | { viewer: 'consumer'; template: PageTemplate });

// A page is about 40 kB: at most 500 of them and 16 MiB are kept, whatever addresses people make up.
const pages = new MicroCache(config.guestPageCacheMs, 500, { maxBytes: 16 * 1024 * 1024 });

/** A request for the page itself (not a navigation's payload, not the proxy's own render) at an address shared. */
export function isShareablePageRequest(req: NextRequest): boolean {
  if (config.guestPageCacheMs <= 0 || req.method !== 'GET' || !SHARED_PATH.test(req.nextUrl.pathname)) return false;
  if (req.nextUrl.searchParams.has('_rsc')) return false;
  return ![SHARED_RENDER_HEADER, ...NEXT_HEADERS].some((h) => req.headers.has(h));
}

export function isSharedGuestPage(req: NextRequest): boolean {
  if (req.cookies.has(ACCESS_COOKIE) || req.cookies.has(REFRESH_COOKIE) || req.headers.has(AUTH_UNAVAILABLE_HEADER)) return false;
  return isShareablePageRequest(req);
}

export const pageLocale = (req: NextRequest): Locale => chooseLocale(req.cookies.get(LANG_COOKIE)?.value, req.headers.get('accept-language'));
export const pagePath = (req: NextRequest) => req.nextUrl.pathname + req.nextUrl.search;

/** The shared copy of the page; `null` when there is none to share (the request is then rendered for itself). */
export async function guestPage(req: NextRequest): Promise<NextResponse | null> {
  const page = await sharedPage('guest', pagePath(req), pageLocale(req)).catch(() => null);
  if (page?.viewer !== 'guest') return null;
  return new NextResponse(page.body, {
    headers: {
      'content-type': page.contentType,
      [CSP_HEADER]: page.policy,
      'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
      'x-guest-page': 'shared',
    },
  });
}

/** The render of `path` shared by `viewer`s in `locale`; `null` when there is none to share. */
export function sharedPage(viewer: Viewer, path: string, locale: Locale): Promise<SharedPage | null> {
  return pages.remember(`${viewer} ${locale} ${path}`, () => render(viewer, path, locale));
}

/** `path` on this server's own port, where the proxy asks for the renders it shares. */
export const ownUrl = (path: string) => `http://127.0.0.1:${process.env.PORT ?? 3000}${path}`;

/** Renders `path` for `viewer`s in `locale` through this server's own port, as shared renders are made. */
export async function render(viewer: Viewer, path: string, locale: Locale): Promise<SharedPage | null> {
  const res = await fetch(ownUrl(path), {
    headers: {
      [SHARED_RENDER_HEADER]: viewer === 'guest' ? 'guest' : sharedRenderToken(),
      cookie: `${LANG_COOKIE}=${locale}`,
      'accept-encoding': 'identity',
    },
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  const policy = res.headers.get(CSP_HEADER);
  if (res.status !== 200 || res.headers.has('set-cookie') || !policy) {
    await res.body?.cancel();
    return null;
  }
  const contentType = res.headers.get('content-type') ?? 'text/html; charset=utf-8';
  if (viewer === 'guest') return { viewer, contentType, policy, body: await res.arrayBuffer() };
  const template = compileTemplate(await res.text());
  return template && { viewer, contentType, policy, template };
}
