// Server-side configuration, read from the environment (docs/internals.md). Imported by the proxy too.
const env = (name: string, fallback: string) => process.env[name] || fallback;

export const config = {
  authUrl: env('AUTH_URL', 'http://127.0.0.1:8040'),
  usersUrl: env('USERS_URL', 'http://127.0.0.1:8070'),
  productsUrl: env('PRODUCTS_URL', 'http://127.0.0.1:8060'),
  ordersUrl: env('ORDERS_URL', 'http://127.0.0.1:8050'),
  publicUrl: env('PUBLIC_URL', 'http://localhost:8080'),
  webClientId: 'marketshare-web',
  webClientSecret: env('WEB_CLIENT_SECRET', 'local-web-client-secret'),
  /** How long guests (and, apart, signed-in consumers) share a render of a catalog or product page (ms); 0 renders every request. */
  guestPageCacheMs: Number(env('GUEST_PAGE_CACHE_MS', '1000')),
};

export const webClientBasic = () =>
  'Basic ' + Buffer.from(`${config.webClientId}:${config.webClientSecret}`).toString('base64');
export const secureCookies = () => config.publicUrl.startsWith('https');
