import { fetchKeptAlive } from '@marketshare/contracts';
import { TEST_SECRETS } from './stack.js';

// Small helpers for calling services the way clients do.

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function http<T = any>(
  method: string,
  url: string,
  opts: { token?: string; basic?: [string, string]; json?: unknown; form?: Record<string, string>; headers?: Record<string, string>; body?: RequestInit['body'] } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.basic) headers.authorization = 'Basic ' + Buffer.from(`${opts.basic[0]}:${opts.basic[1]}`).toString('base64');
  let body: RequestInit['body'] = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  const res = await fetchKeptAlive(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const WEB_CLIENT: [string, string] = ['marketshare-web', TEST_SECRETS.WEB_CLIENT_SECRET];
