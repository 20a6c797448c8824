import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { BASE_URL, WEB_CLIENT_SECRET } from './env.js';

// Calls through the gateway as the web app's server makes them: a person's token, or the web client's Basic
// credentials for registration and the token endpoint.

const web = 'Basic ' + Buffer.from(`marketshare-web:${WEB_CLIENT_SECRET}`).toString('base64');

export async function api(method: string, path: string, opts: { token?: string; json?: unknown; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: opts.token ? `Bearer ${opts.token}` : web };
  let body: string | undefined;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(`${BASE_URL}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A new product of the seller's, in stock and valid, with `fields` over the defaults; answers its id (201 checked). */
export async function createProduct(token: string, fields: Record<string, unknown> = {}): Promise<number> {
  const created = await api('POST', '/api/products', {
    token,
    json: {
      name: 'Test lamp', description: 'A lamp made by an end-to-end test', category: 'oficinas', state: 'NUEVO', colors: ['gris'],
      price: 10_000, discount: 0, stock: 5, features: { text: 'Bright', rows: [] }, specialFeatures: [], ...fields,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as number;
}

/** A new account of `role` in `locale`, registered and signed in; its username starts with `prefix`. */
export async function signUp(prefix: string, role: 'consumer' | 'seller', locale: 'en' | 'es', organization = 'Mailbox SA') {
  const username = `${prefix}_${role}_${randomBytes(4).toString('hex')}`;
  const email = `${username}@example.com`;
  const password = 'end-to-end test password';
  const reg = await api('POST', '/api/users', {
    json: { username, password, email, role, locale, country: 'AR', organization, ...(role === 'consumer' ? { bank: 'BBVA' } : {}) },
  });
  expect(reg.status).toBe(201);
  const tok = await api('POST', '/oauth/token', { form: { grant_type: 'password', username, password } });
  expect(tok.status).toBe(200);
  return { id: reg.body.id as number, username, password, email, token: tok.body.access_token as string, refresh: tok.body.refresh_token as string };
}

/**
 * Where a page sends its visitor: a 307's location, or the refresh instruction Next writes when it redirects from
 * inside a page it has started streaming (the answer is then a 200).
 */
export function signInTarget(page: { status: number; location: string | null; html: string }): string {
  if (page.status === 307) return page.location ?? '';
  return (page.html.match(/http-equiv="refresh" content="\d+;url=([^"]+)"/)?.[1] ?? '').replaceAll('&amp;', '&');
}
