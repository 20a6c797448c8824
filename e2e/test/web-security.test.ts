import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { en, es } from '@marketshare/web/dictionaries';
import { SCREENSHOTS, launch, openContext, png, type Watched } from './browser.js';
import { BASE_URL } from './env.js';
import { api, signInTarget, signUp } from './gateway-api.js';
import { sendPatiently } from './raw-http.js';

// The web app's own defences, through the gateway with a real browser: every kind of page runs under a
// Content-Security-Policy that lets only the render's own scripts run (web/src/lib/content-security-policy.ts), a
// session cookie counts only when auth signed it (web/src/lib/tokens.ts), and only a seller's product form may send
// a large body (web/src/lib/request-body-limit.ts).

const exact = { exact: true } as const;
const TIMEOUT = 240_000;
const MB = 1024 * 1024;
let browser: Browser;
type Person = Awaited<ReturnType<typeof signUp>>;
let seller: Person;
let consumer: Person;

beforeAll(async () => {
  browser = await launch();
  [seller, consumer] = await Promise.all([signUp('websec', 'seller', 'en'), signUp('websec', 'consumer', 'en')]);
  expect((await api('POST', '/api/users/me/funds', { token: consumer.token, json: { amount: 1_000_000 } })).status).toBe(200);
});
afterAll(async () => { await browser?.close(); });

/** A context signed in as `who` with the cookies the web app sets at login. */
async function signIn(context: BrowserContext, who: Person) {
  const cookie = { url: BASE_URL, httpOnly: true, sameSite: 'Lax' as const };
  await context.addCookies([{ ...cookie, name: 'ms_access', value: who.token }, { ...cookie, name: 'ms_refresh', value: who.refresh }]);
}

/** Runs steps in a fresh watched context: a screenshot if they fail, and no violation, console error or 5xx allowed. */
async function inBrowser(lang: 'en' | 'es', name: string, steps: (w: Watched) => Promise<void>) {
  const w = await openContext(browser, lang);
  try {
    await steps(w);
  } catch (e) {
    await w.page.screenshot({ path: `${SCREENSHOTS}failed-security-${lang}-${name}.png`, fullPage: true }).catch(() => undefined);
    throw e;
  } finally {
    await w.context.close();
  }
  expect(w.problems).toEqual([]);
}

/** Opens `path` and checks its policy: scripts only with the nonce its own HTML carries, the other headers as well. */
async function visit(page: Page, path: string): Promise<Response> {
  const res = (await page.goto(path))!;
  expect(res.status(), path).toBe(200);
  const policy = res.headers()['content-security-policy'] ?? '';
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(policy)?.[1];
  expect(nonce, `${path}: ${policy}`).toBeDefined();
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "connect-src 'self'", "img-src 'self' data: blob:"]) {
    expect(policy, path).toContain(d);
  }
  const html = await res.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length, path).toBeGreaterThan(0);
  for (const s of scripts) expect(s, path).toContain(`nonce="${nonce}"`);
  expect(res.headers()['x-content-type-options'], path).toBe('nosniff');
  expect(res.headers()['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
  return res;
}

describe.each([['en', en], ['es', es]] as const)('every kind of page under the Content-Security-Policy (%s)', (lang, t) => {
  let productUrl = '';
  const productName = `CSP lamp ${lang} ${Date.now()}`;

  test('a seller signs in and publishes a product with a 1.5 MB image through the product form', { timeout: TIMEOUT }, () =>
    inBrowser(lang, 'seller', async ({ page }) => {
      await visit(page, '/login');
      await page.getByLabel(t.login.username, exact).fill(seller.username);
      await page.getByLabel(t.login.password, exact).fill('end-to-end test password');
      await page.getByRole('button', { name: t.login.submit, exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await page.locator('.user-menu summary').filter({ hasText: seller.username }).waitFor();

      await visit(page, '/products/new');
      await page.getByLabel(t.form.name, exact).fill(productName);
      await page.getByLabel(t.form.description, exact).fill('A lamp published under the policy');
      await page.getByLabel(t.form.category, exact).selectOption('oficinas');
      await page.getByLabel(lang === 'es' ? 'Nuevo' : 'New', exact).check(); // the form chooses nothing for the seller
      const image = png([0, 0, 0], 700, true);
      expect(image.length).toBeGreaterThan(1.4 * MB); // over every limit but the product form's
      await page.getByLabel(t.form.images, exact).setInputFiles([{ name: 'lamp.png', mimeType: 'image/png', buffer: image }]);
      await expect(page.locator('.image-grid img').count()).resolves.toBe(1); // a blob: preview, drawn by the hydrated form
      await page.getByLabel(t.form.price, exact).fill('1000');
      await page.getByLabel(t.form.stock, exact).fill('50');
      await page.getByLabel(t.form.featuresText, exact).fill('Bright');
      await page.getByRole('button', { name: t.form.addRow }).click(); // only a hydrated form adds a row
      await page.getByLabel(`${t.form.feature} 1`, exact).fill('Weight');
      await page.getByLabel(`${t.form.value} 1`, exact).fill('1 kg');
      await page.getByRole('button', { name: t.form.create }).click();
      await page.waitForURL(/\/products\/\d+(\?|$)/);
      productUrl = new URL(page.url()).pathname;
      await page.getByText(t.notice.created).waitFor();
      // the image, re-read from the gateway, is drawn
      await expect.poll(() => page.locator('.gallery-main img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(700);
    }));

  test('a guest opens the catalog (twice: the shared copy), a product and its gallery, the login and register pages', { timeout: TIMEOUT }, () =>
    inBrowser(lang, 'guest', async ({ page }) => {
      await visit(page, '/');
      const shared = await visit(page, '/');
      expect(shared.headers()['x-guest-page']).toBe('shared');
      await page.getByRole('heading', { name: t.catalog.title, level: 1 }).waitFor();
      await visit(page, productUrl);
      await page.getByRole('button', { name: t.product.enlarge.replace('{n}', '1') }).click(); // needs hydration
      const lightbox = page.getByRole('dialog', { name: productName });
      await lightbox.waitFor();
      await lightbox.getByRole('button', { name: t.product.close }).click();
      await visit(page, '/login');
      await visit(page, '/register');
      await page.getByRole('heading', { name: t.register.title, level: 1 }).waitFor();
    }));

  test("a consumer's catalog, product (the buy dialog opens), orders and profile", { timeout: TIMEOUT }, () =>
    inBrowser(lang, 'consumer', async ({ context, page }) => {
      await signIn(context, consumer);
      const catalog = await visit(page, '/');
      expect(catalog.headers()['x-personal-page']).toBe('composed');
      expect(catalog.headers()['cache-control']).toMatch(/no-store/);
      await page.locator('.user-menu summary').filter({ hasText: consumer.username }).waitFor();
      await visit(page, productUrl);
      await page.getByRole('button', { name: t.product.buy }).click(); // the dialog opens only in a hydrated page
      const dialog = page.getByRole('dialog', { name: t.product.confirmTitle });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: t.product.cancel }).click();
      await visit(page, '/orders');
      const profile = await visit(page, '/profile');
      expect(profile.headers()['cache-control']).toMatch(/no-store/);
      // the language switch (a server action) answers under the policy too
      const other = lang === 'es' ? en : es;
      await page.getByRole('button', { name: lang === 'es' ? 'EN' : 'ES', exact: true }).click();
      await page.getByRole('heading', { name: other.profile.title, level: 1 }).waitFor();
    }));
});

/** A JWT with these header and claims, signed by `signer` (none: no signature at all). */
function jwt(header: object, claims: object, signer?: (input: Buffer) => Buffer) {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${signer ? signer(Buffer.from(input)).toString('base64url') : ''}`;
}
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

async function get(path: string, cookie: string) {
  const res = await fetch(`${BASE_URL}${path}`, { headers: { cookie, 'accept-language': 'en' }, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), setCookie: res.headers.getSetCookie(), html: await res.text() };
}

describe('a session cookie auth did not sign', () => {
  // Each keeps the real account's claims (unexpired): only the signature is wrong.
  const forgeries = (): [string, string][] => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const claims = claimsOf(consumer.token);
    const realSignature = consumer.token.split('.')[2]!;
    const tampered = `${jwt(headerOf(consumer.token), { ...claims, role: 'seller' })}${realSignature}`;
    return [
      ['alg none', jwt({ alg: 'none', typ: 'JWT' }, claims)],
      ['signed by another key under auth\'s key id', jwt(headerOf(consumer.token), claims, (input) => sign(null, input, privateKey))],
      ['with its claims changed after signing', tampered],
    ];
  };

  test('shows the signed-out page and clears the cookie, whatever the forgery', async () => {
    for (const [kind, token] of forgeries()) {
      const home = await get('/', `ms_access=${token}`);
      expect(home.status, kind).toBe(200);
      expect(home.html, kind).not.toContain(consumer.username);
      expect(home.html, kind).toContain(`href="/login"`);
      expect(home.setCookie.some((c) => /^ms_access=;/.test(c) && /Expires=Thu, 01 Jan 1970|Max-Age=0/i.test(c)), kind).toBe(true);
      for (const path of ['/profile', '/orders', '/products/new']) {
        const page = await get(path, `ms_access=${token}`);
        expect(page.html, `${kind} ${path}`).not.toContain(consumer.username);
        expect(signInTarget(page), `${kind} ${path}`).toMatch(/^\/login\?notice=loginRequired/);
      }
    }
  });

  test('the genuine cookie still signs the person in', async () => {
    const home = await get('/', `ms_access=${consumer.token}`);
    expect(home.html).toContain(consumer.username);
    expect((await get('/profile', `ms_access=${consumer.token}`)).status).toBe(200);
  });
});

describe('request body limits', () => {
  const big = 'x'.repeat(2 * MB);
  /** A POST of `body` (2 MB of text unless given; a form sets its own type), as a server action when `action`. */
  const post = async (path: string, init: { cookie?: string; action?: boolean; body?: string | FormData }) => {
    // a form is encoded as a browser would; the body follows its head only if no answer came first (raw-http.ts)
    const encoded = new globalThis.Response(init.body ?? big);
    const headers: Record<string, string> = { 'content-type': encoded.headers.get('content-type') ?? 'text/plain;charset=UTF-8' };
    if (init.action) headers['next-action'] = '7f'.padEnd(42, '0');
    if (init.cookie) headers.cookie = init.cookie;
    const res = await sendPatiently(new URL(BASE_URL), { method: 'POST', path, headers, body: Buffer.from(await encoded.arrayBuffer()) });
    return { status: res.status, body: res.text };
  };

  test('a large body to any other page, or from anyone but a seller, is refused with 413 (the gateway or the web app)', async () => {
    const form = new FormData();
    form.set('$ACTION_ID_0', 'x'); // a form posted without JavaScript, which carries no Next-Action header
    form.set('username', big);
    const cases: [string, Awaited<ReturnType<typeof post>>][] = [
      ["a guest's plain form to /login", await post('/login', { body: form })],
      ['a seller\'s action on another page', await post('/profile', { action: true, cookie: `ms_access=${seller.token}` })],
      // these pass the gateway (the product form, a session cookie): the web app itself refuses them
      ['a forged cookie\'s action on the product form', await post('/products/new', { action: true, cookie: 'ms_access=forged' })],
      ['a consumer\'s action on the product form', await post('/products/new', { action: true, cookie: `ms_access=${consumer.token}` })],
      ['a consumer\'s plain form to the edit page', await post('/products/1/edit', { body: form, cookie: `ms_access=${consumer.token}` })],
    ];
    for (const [what, res] of cases) {
      expect(res.status, what).toBe(413);
      expect(JSON.parse(res.body), what).toMatchObject({ error: 'payload_too_large' });
    }
  });

  test('a body that does not declare its length is refused with 411', async () => {
    const chunks = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode('x'.repeat(1000))); c.close(); } });
    const res = await fetch(`${BASE_URL}/products/new`, {
      method: 'POST', headers: { cookie: `ms_access=${consumer.token}`, 'content-type': 'text/plain' }, body: chunks, duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(411);
    expect(await res.json()).toMatchObject({ error: 'length_required' });
  });

  test("a seller's product form takes the large body", async () => {
    const res = await post('/products/new', { action: true, cookie: `ms_access=${seller.token}` });
    expect([411, 413]).not.toContain(res.status);
  });
});
