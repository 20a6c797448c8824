// A fresh web server renders its busiest pages once before it says it is ready (/readyz), so the first people after
// a start, a scale-up or a rolling update are not the ones who pay for a cold render, and the server's resting
// memory is what it holds once it has served (docs/internals.md, "Memory"). It renders the catalog and the first
// product the catalog shows, for guests and for signed-in consumers (the shared renders, lib/guest-pages.ts), in
// each language, and the sign-in page. It is done once per process, whatever the renders answer: a service that
// is down makes a page fail, never keeps web out of rotation (the pages already degrade without it).
import { LOCALES } from '@marketshare/contracts/plain';
import { render, type Viewer } from './guest-pages';

let state: 'cold' | 'warming' | 'warm' = 'cold';

/** Whether the warm-up is done; the first call starts it. */
export function isWarm(): boolean {
  if (state === 'cold') {
    state = 'warming';
    // warmUp never throws (each render's failure is caught), and whatever happens the server is then ready
    warmUp().catch(() => undefined).finally(() => {
      state = 'warm';
    }).catch(() => undefined);
  }
  return state === 'warm';
}

async function warmUp(): Promise<void> {
  const catalog = await render('guest', '/', 'es').catch(() => null);
  const html = catalog?.viewer === 'guest' ? new TextDecoder().decode(catalog.body) : '';
  const product = /href="(\/products\/\d+)"/.exec(html)?.[1];
  const viewers: Viewer[] = ['guest', 'consumer'];
  for (const locale of LOCALES) {
    for (const viewer of viewers) {
      for (const path of product ? ['/', product] : ['/']) await render(viewer, path, locale).catch(() => null);
    }
  }
  await fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}/login`, { signal: AbortSignal.timeout(10_000) })
    .then((r) => r.arrayBuffer())
    .catch(() => null);
}
