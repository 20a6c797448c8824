// Guests' catalog and product pages, shared between guests. Every guest sees the same page for the same address and
// language, so the proxy renders it once (by asking this server for it, marked so the request is rendered as usual)
// and answers every guest from that copy for GUEST_PAGE_CACHE_MS (1 s by default), renewing it in the background
// while guests keep asking: many guests at once cost one render, and none waits for one after the first. A page
// is shared only when nothing in the request can make it personal, and only as a plain 200 that sets no cookie.
import { MicroCache } from '@marketshare/microcache';
import { NextResponse, type NextRequest } from 'next/server';
import { config } from './config';
import { chooseLocale } from './locale';
import { ACCESS_COOKIE, AUTH_UNAVAILABLE_HEADER, LANG_COOKIE, REFRESH_COOKIE } from './tokens';

/** Marks the proxy's own request for a page, which is rendered as usual rather than answered from the cache. */
const RENDER_HEADER = 'x-ms-guest-render';
/** Headers of Next.js's client navigation, prefetches and server actions: those answers are not the page. */
const NEXT_HEADERS = ['rsc', 'next-action', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch'];
const SHARED_PATH = /^\/(products\/\d{1,10})?$/;

interface Page {
  body: ArrayBuffer;
  contentType: string;
}
// A page is about 40 kB: at most 500 of them and 16 MiB are kept, whatever addresses guests make up.
const pages = new MicroCache(config.guestPageCacheMs, 500, { maxBytes: 16 * 1024 * 1024 });

export function isSharedGuestPage(req: NextRequest): boolean {
  if (config.guestPageCacheMs <= 0 || req.method !== 'GET' || !SHARED_PATH.test(req.nextUrl.pathname)) return false;
  if (req.cookies.has(ACCESS_COOKIE) || req.cookies.has(REFRESH_COOKIE) || req.nextUrl.searchParams.has('_rsc')) return false;
  return ![RENDER_HEADER, AUTH_UNAVAILABLE_HEADER, ...NEXT_HEADERS].some((h) => req.headers.has(h));
}

/** The shared copy of the page; when there is none to share, the request goes on to be rendered for itself. */
export async function guestPage(req: NextRequest): Promise<NextResponse> {
  const locale = chooseLocale(req.cookies.get(LANG_COOKIE)?.value, req.headers.get('accept-language'));
  const path = req.nextUrl.pathname + req.nextUrl.search;
  const page = await pages.remember(`${locale} ${path}`, () => render(path, locale)).catch(() => null);
  if (!page) return NextResponse.next();
  return new NextResponse(page.body, {
    headers: {
      'content-type': page.contentType,
      'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
      'x-guest-page': 'shared',
    },
  });
}

async function render(path: string, locale: string): Promise<Page | null> {
  const res = await fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}${path}`, {
    headers: { [RENDER_HEADER]: '1', cookie: `${LANG_COOKIE}=${locale}`, 'accept-encoding': 'identity' },
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200 || res.headers.has('set-cookie')) {
    await res.body?.cancel();
    return null;
  }
  return { body: await res.arrayBuffer(), contentType: res.headers.get('content-type') ?? 'text/html; charset=utf-8' };
}
