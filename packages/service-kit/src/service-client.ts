import { unavailable } from './errors.js';

export interface ServiceResponse<T = unknown> {
  status: number;
  body: T;
}

/**
 * HTTP client for service-to-service calls. It obtains a `client_credentials` token from auth, keeps it until
 * shortly before it expires, and fetches a new one once when a call answers 401 (a rotated key, a restarted auth).
 */
export function createServiceClient(opts: { authUrl: string; clientId: string; clientSecret: string; timeoutMs?: number }) {
  const basic = 'Basic ' + Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`).toString('base64');
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const res = await fetch(`${opts.authUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    if (!res.ok) throw unavailable(`Could not get a service token (${res.status})`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in - 30) * 1000 };
    return body.access_token;
  }
  async function token(): Promise<string> {
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    pending ??= fetchToken().finally(() => (pending = undefined));
    return pending;
  }

  async function call<T = unknown>(method: string, url: string, body?: unknown, retried = false): Promise<ServiceResponse<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${await token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
    } catch (e) {
      throw unavailable(`${method} ${new URL(url).pathname} failed: ${(e as Error).message}`);
    }
    if (res.status === 401 && !retried) {
      cached = undefined;
      return call<T>(method, url, body, true);
    }
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  return {
    token,
    call,
    get: <T>(url: string) => call<T>('GET', url),
    post: <T>(url: string, body?: unknown) => call<T>('POST', url, body ?? {}),
  };
}
export type ServiceClient = ReturnType<typeof createServiceClient>;
