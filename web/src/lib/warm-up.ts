// A fresh web server renders its busiest pages once before it says it is ready (/readyz), so the first people after
// a start, a scale-up or a rolling update are not the ones who pay for a cold render, and the server's resting
// memory is what it holds once it has served (docs/internals.md, "Memory"). It renders the catalog and the first
// product the catalog shows, for guests and for signed-in consumers (the shared renders, lib/guest-pages.ts), in
// each language, and the sign-in page. It is done once per process, whatever the renders answer: a service that
// is down makes a page fail, never keeps web out of rotation (the pages already degrade without it).
import { LOCALES } from '@marketshare/contracts/plain';
import { ownUrl, render, type Viewer } from './guest-pages';
import type { Locale } from './locale';

let state: 'cold' | 'warming' | 'warm' = 'cold';

/** Whether the warm-up is done; the first call starts it. */
export function isWarm(): boolean {
  if (state === 'cold') {
    state = 'warming';
    // whatever the renders answer, the server is ready once they are done
    const done = () => {
      state = 'warm';
    };
    warmUp().then(done, done);
  }
  return state === 'warm';
}

async function warmUp(): Promise<void> {
  const renderOnce = (viewer: Viewer, path: string, locale: Locale) => render(viewer, path, locale).catch(() => null);
  // the guests' Spanish catalog first: the product it lists first is the product page warmed
  const catalog = await renderOnce('guest', '/', 'es');
  const html = catalog?.viewer === 'guest' ? new TextDecoder().decode(catalog.body) : '';
  const product = /href="(\/products\/\d+)"/.exec(html)?.[1];
  const viewers: Viewer[] = ['guest', 'consumer'];
  for (const locale of LOCALES) {
    for (const viewer of viewers) {
      for (const path of product ? ['/', product] : ['/']) {
        if (!(viewer === 'guest' && path === '/' && locale === 'es')) await renderOnce(viewer, path, locale);
      }
    }
  }
  await fetch(ownUrl('/login'), { signal: AbortSignal.timeout(10_000) })
    .then((r) => r.arrayBuffer())
    .catch(() => null);
}
