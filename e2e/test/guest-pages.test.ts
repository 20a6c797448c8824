import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { authApi, createApiClient, productsApi, usersApi } from '@marketshare/contracts';
import { eventually } from '@marketshare/test-env';
import { BASE_URL, WEB_CLIENT_SECRET } from './env.js';

// Guests share one render of the catalog and product pages for a second (web/src/lib/guest-pages.ts). Through the
// gateway and the real web app: what may be shared is, nothing personal ever is, and a change shows soon.

const web = 'Basic ' + Buffer.from(`marketshare-web:${WEB_CLIENT_SECRET}`).toString('base64');
const seller = { username: `guestpg_${randomBytes(4).toString('hex')}`, password: 'a long enough password', token: '' };
const lamp = `Guest page lamp ${randomBytes(4).toString('hex')}`;
let productId = 0;

// The contracts' typed client, through the gateway as an integrator reaches the API.
const api = createApiClient({ baseUrl: BASE_URL, authorization: () => `Bearer ${seller.token}`, clientAuthorization: () => web });

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${BASE_URL}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, shared: res.headers.get('x-guest-page') === 'shared', type: res.headers.get('content-type'), html: await res.text() };
}

beforeAll(async () => {
  const { username, password } = seller;
  await api.call(usersApi.register, {
    body: { username, password, email: `${username}@example.com`, role: 'seller', country: 'AR', organization: 'Guest Pages SA' },
  });
  seller.token = (await api.call(authApi.token, { body: { grant_type: 'password', username, password } })).access_token;
  const created = await api.call(productsApi.create, {
    body: { name: lamp, description: 'A lamp', category: 'oficinas', price: 1000, stock: 5, features: { text: 'Bright' } },
  });
  productId = created.id;
});

describe("guests' shared pages", () => {
  it("answers guests' catalog and product pages from the shared render", async () => {
    for (const path of ['/', `/products/${productId}`, '/?q=lamp&page=1']) {
      await page(path);
      const again = await page(path);
      expect(again.status, path).toBe(200);
      expect(again.shared, path).toBe(true);
      expect(again.type, path).toMatch(/^text\/html/);
    }
    expect((await page(`/products/${productId}`)).html).toContain(lamp);
  });

  it('never shares a signed-in page, and a guest never sees a signed-in one', async () => {
    const session = { cookie: `ms_access=${seller.token}` };
    await page('/'); // a shared guest copy exists
    const signedIn = await page('/', session);
    expect(signedIn.shared).toBe(false);
    expect(signedIn.html).toContain(seller.username);
    const guest = await page('/');
    expect(guest.shared).toBe(true);
    expect(guest.html).not.toContain(seller.username);
  });

  it('keeps one copy per language, chosen as the pages choose it', async () => {
    expect((await page('/', { 'accept-language': 'en-US,en;q=0.9' })).html).toContain('<html lang="en"');
    expect((await page('/', { 'accept-language': 'es-AR' })).html).toContain('<html lang="es-AR"');
    expect((await page('/', { 'accept-language': 'en' })).html).toContain('<html lang="en"');
    expect((await page('/', { 'accept-language': 'es', cookie: 'ms_lang=en' })).html).toContain('<html lang="en"');
    expect((await page('/', { 'accept-language': 'en', cookie: 'ms_lang=es' })).html).toContain('<html lang="es-AR"');
  });

  it("leaves Next.js's client navigations and the other pages alone", async () => {
    const rsc = await page('/?_rsc', { rsc: '1' }); // a client-side navigation to the catalog (no router state)
    expect(rsc.shared).toBe(false);
    expect(rsc.type).toMatch(/text\/x-component/);
    for (const path of ['/orders', '/login', '/products/new']) expect((await page(path)).shared, path).toBe(false);
  });

  it("shows a seller's change to guests within a few seconds", async () => {
    await page(`/products/${productId}`);
    const renamed = `${lamp} renamed`;
    expect((await api.send(productsApi.update, { params: { id: productId }, body: { name: renamed } })).status).toBe(200);
    // within the guest page window (GUEST_PAGE_CACHE_MS), which this test is about
    const html = await eventually(async () => (await page(`/products/${productId}`)).html, (h) => h.includes(renamed), 5_000, 200);
    expect(html).toContain(renamed);
  });
});
