import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { BASE_URL } from './env.js';
import { createProduct, signUp } from './gateway-api.js';

// What a browser downloads for the catalog and a product page, through the gateway: the JavaScript for modern
// browsers stays within the web target of 150 kB gzip (README, bench/web.mjs), and none of it is the contracts'
// schemas. A client component that imports a constant from `@marketshare/contracts` instead of
// `@marketshare/contracts/plain` ships every TypeBox schema with it (about 20 kB gzip); this is where that shows.

const BUDGET_GZIP = 150 * 1024;

async function scriptsOf(path: string, cookie?: string): Promise<Map<string, string>> {
  const page = await fetch(`${BASE_URL}${path}`, { headers: { accept: 'text/html', ...(cookie && { cookie }) } });
  expect(page.status, path).toBe(200);
  const html = await page.text();
  // the modern bundle: every script but the legacy polyfills, which only browsers without modules fetch
  const srcs = [...html.matchAll(/<script(?![^>]*nomodule)[^>]*\ssrc="(\/_next\/static\/[^"]+\.js)"/gi)].map((m) => m[1]!);
  expect(srcs.length, path).toBeGreaterThan(0);
  const scripts = new Map<string, string>();
  for (const src of new Set(srcs)) {
    const res = await fetch(`${BASE_URL}${src}`);
    expect(res.status, src).toBe(200);
    scripts.set(src, await res.text());
  }
  return scripts;
}

test('the catalog and a product page send at most 150 kB gzip of JavaScript, and no schema', { timeout: 120_000 }, async () => {
  const seller = await signUp('bundle', 'seller', 'en');
  const buyer = await signUp('bundle', 'consumer', 'en');
  const productId = await createProduct(seller.token, { name: 'Bundle lamp' });
  const pages = [
    { path: '/', who: 'a guest' },
    { path: `/products/${productId}`, who: 'a guest' },
    { path: `/products/${productId}`, who: 'a buyer', cookie: `ms_access=${buyer.token}` },
  ];
  for (const { path, who, cookie } of pages) {
    const scripts = await scriptsOf(path, cookie);
    const gzip = [...scripts.values()].reduce((n, js) => n + gzipSync(js, { level: 9 }).length, 0);
    console.log(`${path} for ${who}: ${scripts.size} scripts, ${(gzip / 1024).toFixed(0)} kB gzip`);
    expect(gzip, `${path} for ${who}`).toBeLessThanOrEqual(BUDGET_GZIP);
    const withSchemas = [...scripts].filter(([, js]) => js.includes('TypeBox')).map(([src]) => src);
    expect(withSchemas, `${path} for ${who}`).toEqual([]);
  }
});
