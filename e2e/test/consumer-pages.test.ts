import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { authApi, createApiClient, productsApi, usersApi } from '@marketshare/contracts';
import { en, es } from '@marketshare/web/dictionaries';
import { launch, openContext } from './browser.js';
import { BASE_URL, WEB_CLIENT_SECRET } from './env.js';

// Signed-in consumers' catalog and product pages: one render shared by every consumer, with each person's name and
// balance filled in by the web app's proxy (web/src/lib/consumer-pages.ts). Through the gateway and the real web app:
// each person gets their own name and balance, in their language, under concurrent load from two people; nothing of
// one person ever reaches the other; the page hydrates in a real browser; sellers and guests are served as before.

const web = 'Basic ' + Buffer.from(`marketshare-web:${WEB_CLIENT_SECRET}`).toString('base64');
const api = createApiClient({ baseUrl: BASE_URL, clientAuthorization: () => web });
const tag = randomBytes(4).toString('hex');
const PASSWORD = 'a long enough password';

interface Person { username: string; token: string; balance: { es: string; en: string } }
const ana: Person = { username: `cpana_${tag}`, token: '', balance: { es: '', en: '' } };
const beto: Person = { username: `cpbeto_${tag}`, token: '', balance: { es: '', en: '' } };
const seller: Person = { username: `cpseller_${tag}`, token: '', balance: { es: '', en: '' } };
let productId = 0;

async function signUp(p: Person, role: 'consumer' | 'seller', funds = 0) {
  await api.call(usersApi.register, {
    body: { username: p.username, password: PASSWORD, email: `${p.username}@example.com`, role, country: 'AR', organization: 'Consumer Pages SA' },
  });
  p.token = (await api.call(authApi.token, { body: { grant_type: 'password', username: p.username, password: PASSWORD } })).access_token;
  if (funds) await api.call(usersApi.addFunds, { body: { amount: funds }, authorization: `Bearer ${p.token}` });
}

const fmt = (minor: number, tagName: string) =>
  new Intl.NumberFormat(tagName, { style: 'currency', currency: 'ARS', minimumFractionDigits: 2 }).format(minor / 100);

async function page(path: string, who?: Person, headers: Record<string, string> = {}) {
  const cookie = [who && `ms_access=${who.token}`, headers.cookie].filter(Boolean).join('; ');
  const res = await fetch(`${BASE_URL}${path}`, { headers: { ...headers, ...(cookie && { cookie }) }, redirect: 'manual' });
  return { status: res.status, composed: res.headers.get('x-personal-page') === 'composed', cache: res.headers.get('cache-control'), html: await res.text() };
}

beforeAll(async () => {
  // different balances, so each shows whose page it is
  await Promise.all([signUp(ana, 'consumer', 123_456), signUp(beto, 'consumer', 7_890_012), signUp(seller, 'seller')]);
  for (const [p, minor] of [[ana, 123_456], [beto, 7_890_012]] as const) p.balance = { es: fmt(minor, 'es-AR'), en: fmt(minor, 'en-AR') };
  productId = (await api.call(productsApi.create, {
    body: { name: `Consumer page lamp ${tag}`, description: 'A lamp', category: 'oficinas', price: 1000, stock: 5, features: { text: 'Bright' } },
    authorization: `Bearer ${seller.token}`,
  })).id;
});

describe("consumers' shared pages", () => {
  it('gives each consumer the shared render with their own name and balance, marked not to be stored', async () => {
    for (const path of ['/', `/products/${productId}`, '/?q=lamp&sort=price_asc']) {
      for (const who of [ana, beto]) {
        const other = who === ana ? beto : ana;
        const r = await page(path, who);
        expect(r.status, path).toBe(200);
        expect(r.composed, path).toBe(true);
        expect(r.cache).toMatch(/no-store/);
        expect(r.html).toContain(`<span>${who.username}</span>`);
        expect(r.html).toContain(who.balance.es);
        expect(r.html).not.toContain(other.username);
        expect(r.html).not.toContain(other.balance.es);
        expect(r.html).not.toMatch(/ms-slot-/);
      }
    }
    // the consumer's controls: a buy button, not the guest's "sign in to buy"
    const product = await page(`/products/${productId}`, ana, { cookie: 'ms_lang=en' });
    expect(product.html).toContain(`>${en.product.buy}</button>`);
    expect(product.html).not.toContain(`>${en.product.loginToBuy}<`);
    // nothing per view in the shared HTML: the buy form's idempotency key is made in the browser
    expect(product.html).toContain('name="idempotencyKey" value=""');
  });

  /** A consumer's controls in the page's language: add funds and no seller's links; on a product, the buy button. */
  const consumerControls = (html: string, path: string, d: typeof en) =>
    html.includes('href="/profile/wallet#funds"') && !html.includes('href="/products/new"')
    && (!path.startsWith('/products/') || (html.includes(`>${d.product.buy}</button>`) && !html.includes(`>${d.product.loginToBuy}<`)));

  it('never shows one consumer the other\'s name, balance, controls or language under concurrent load from both', async () => {
    const paths = ['/', `/products/${productId}`, '/?page=1', '/?q=lamp'];
    const asks = Array.from({ length: 240 }, (_, i) => ({ who: i % 2 ? ana : beto, path: paths[i % paths.length]!, lang: i % 3 ? 'es' : 'en' }) as const);
    const failures: string[] = [];
    let composed = 0;
    const queue = [...asks];
    await Promise.all(Array.from({ length: 20 }, async () => {
      for (let a = queue.shift(); a; a = queue.shift()) {
        const other = a.who === ana ? beto : ana;
        const r = await page(a.path, a.who, { cookie: `ms_lang=${a.lang}` });
        if (r.composed) composed++;
        const problem = r.status !== 200 ? `status ${r.status}`
          : !r.html.includes(`<span>${a.who.username}</span>`) ? 'own name missing'
          : !r.html.includes(a.who.balance[a.lang]) ? 'own balance missing'
          : r.html.includes(other.username) || r.html.includes(other.balance.es) || r.html.includes(other.balance.en) ? "the other's data"
          : !r.html.includes(`<html lang="${a.lang === 'es' ? 'es-AR' : 'en'}"`) ? 'wrong language'
          : !consumerControls(r.html, a.path, a.lang === 'es' ? es : en) ? "not a consumer's controls"
          : null;
        if (problem) failures.push(`${a.who.username} ${a.lang} ${a.path}: ${problem}`);
      }
    }));
    expect(failures).toEqual([]);
    expect(composed).toBeGreaterThan(asks.length * 0.9); // the shared path, not per-person renders, was exercised
  });

  it('shows a change of balance on the next page', async () => {
    const before = await page('/', ana);
    expect(before.html).toContain(ana.balance.es);
    await api.call(usersApi.addFunds, { body: { amount: 100 }, authorization: `Bearer ${ana.token}` });
    const after = await page('/', ana);
    expect(after.composed).toBe(true);
    expect(after.html).toContain(fmt(123_556, 'es-AR'));
  });

  it('keeps guests and sellers as they were: guests share, sellers get their own controls rendered for them', async () => {
    const guest = await page(`/products/${productId}`);
    expect(guest.html).not.toContain(ana.username);
    expect(guest.html).not.toContain(beto.username);
    const own = await page(`/products/${productId}`, seller, { cookie: 'ms_lang=en' });
    expect(own.composed).toBe(false);
    expect(own.html).toContain(seller.username);
    expect(own.html).toContain(`/products/${productId}/edit`);
  });

  it('fills in nobody for a token the users service refuses, nor for a request posing as the shared render', async () => {
    const forged = { ...ana, token: `${ana.token.slice(0, -4)}AAAA` };
    const r = await page('/', forged);
    expect(r.composed).toBe(false);
    expect(r.html).not.toMatch(/ms-slot-/);
    // the proxy's own request is authenticated by a per-process value; a guess is rendered as an ordinary guest page
    const posing = await page('/', undefined, { 'x-ms-shared-render': 'consumer 0123456789abcdef01234567' });
    expect(posing.html).not.toMatch(/ms-slot-/);
    expect(posing.html).toContain('href="/register"');
  });
});

describe("a consumer's shared page in a browser", () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('hydrates without an error and shows the person in the header', async () => {
    const w = await openContext(browser, 'en');
    try {
      await w.context.addCookies([{ name: 'ms_access', value: beto.token, url: BASE_URL }]);
      const res = await w.page.goto(`/products/${productId}`);
      expect(res?.headers()['x-personal-page']).toBe('composed');
      await w.page.waitForLoadState('networkidle');
      const summary = w.page.locator('.user-menu summary');
      await expect(summary.textContent()).resolves.toContain(beto.username);
      await expect(w.page.locator('.user-menu .balance').textContent()).resolves.toBe(beto.balance.en);
      // hydrated: the buy button opens the confirmation dialog (a client component's handler)
      await w.page.getByRole('button', { name: en.product.buy, exact: true }).click();
      const dialog = w.page.getByRole('dialog', { name: en.product.confirmTitle });
      await dialog.waitFor();
      await expect(w.page.locator('input[name="idempotencyKey"]').inputValue()).resolves.toMatch(/^[a-z0-9]+-[a-z0-9]+-[a-z0-9]+$/);
      await dialog.getByRole('button', { name: en.product.cancel }).click();
      await summary.click();
      await w.page.getByRole('link', { name: en.nav.profile }).waitFor();
    } finally {
      await w.context.close();
    }
    expect(w.problems).toEqual([]);
  });
});
