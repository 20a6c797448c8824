import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openContext } from './browser.js';
import { BASE_URL } from './env.js';

// The original system's addresses (bookmarks, old e-mails) lead to their new places with a permanent redirect, through
// the gateway and the real web app.

const redirectOf = async (path: string) => {
  const res = await fetch(`${BASE_URL}${path}`, { redirect: 'manual' });
  await res.body?.cancel();
  return { status: res.status, location: res.headers.get('location') };
};

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe("the original system's addresses", () => {
  it('answer 308 with their new place', async () => {
    for (const [from, to] of [['/home', '/'], ['/product/create', '/products/new'], ['/product/42', '/products/42'], ['/product/42?x=1', '/products/42?x=1']]) {
      const { status, location } = await redirectOf(from);
      expect(status, from).toBe(308);
      expect(new URL(location!, BASE_URL).pathname + new URL(location!, BASE_URL).search, from).toBe(to);
    }
    // Not an old address: no redirect is invented for it.
    expect((await redirectOf('/product/abc')).status).toBe(404);
  });

  it('take a browser from /product/create to the product form (a guest is asked to sign in first)', async () => {
    const { page, problems } = await openContext(browser, 'en');
    const response = await page.goto('/product/create');
    let first = response!.request();
    while (first.redirectedFrom()) first = first.redirectedFrom()!;
    expect(new URL(first.url()).pathname).toBe('/product/create');
    expect((await first.response())!.status()).toBe(308);
    const landed = new URL(page.url()).pathname;
    expect(['/products/new', '/login']).toContain(landed);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
