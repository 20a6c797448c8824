import http from 'node:http';
import https from 'node:https';
import { pathOf, setQuery, type Endpoint, type ErrorBody, type InputOf, type ResponseOf, type TokenResponse } from '@marketshare/contracts';
import { basicAuthorization } from './client-credentials.js';
import { currentRequestId } from './request-context.js';
import { unavailable } from './errors.js';

export interface ServiceResponse<T = unknown> {
  status: number;
  body: T;
}
/** A service endpoint's answer: `body` as its contract says when 2xx, `error` otherwise. */
export interface EndpointAnswer<E extends Endpoint> {
  status: number;
  body?: ResponseOf<E>;
  error?: Partial<ErrorBody>;
}

// Service calls are on the path of every purchase, and global fetch (undici behind web streams and an
// AbortController per call) was a sixth of the orders service's CPU; node:http over kept-alive sockets does the
// same exchange for a fraction of it. Idle sockets close well before the servers' keep-alive timeout (Fastify's
// 72 s, which the agent also reads from the Keep-Alive header), so a call rarely meets a socket being closed.
// At most 64 connections to each service: under a burst, calls wait for a kept socket instead of opening
// hundreds of new ones, whose handshakes would overflow the service's listen backlog (and return after TCP's
// retries, seconds later).
const agentOptions = { keepAlive: true, timeout: 30_000, maxSockets: 64 };
const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

/** One request and its whole answer as text, within `timeoutMs`; rejects on network errors and timeouts. */
function exchange(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!transport) return reject(new Error(`unsupported protocol ${url.protocol}`));
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    let settled = false;
    const settle = (error: Error | undefined, answer?: { status: number; text: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(answer!);
    };
    const req = transport.request(url, { method, headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => settle(undefined, { status: res.statusCode!, text }));
      res.on('error', settle);
      res.on('close', () => settle(new Error('the connection closed before the whole answer arrived')));
    });
    const timer = setTimeout(() => settle(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', settle);
    req.end(body);
  });
}

/**
 * HTTP client for service-to-service calls. It obtains a `client_credentials` token from auth, keeps it until
 * shortly before it expires, and fetches a new one once when a call answers 401 (a rotated key, a restarted auth).
 * A call that gets no answer (network error, timeout) throws the kit's 503 `unavailable`.
 */
export function createServiceClient(opts: { authUrl: string; clientId: string; clientSecret: string; timeoutMs?: number }) {
  const basic = basicAuthorization(opts.clientId, opts.clientSecret);
  const timeoutMs = opts.timeoutMs ?? 5000;
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function send(method: string, url: string, headers: Record<string, string>, body?: string) {
    const target = new URL(url);
    try {
      return await exchange(method, target, headers, body, timeoutMs);
    } catch (e) {
      throw unavailable(`${method} ${target.pathname} failed: ${(e as Error).message}`);
    }
  }

  async function fetchToken(): Promise<string> {
    const res = await send(
      'POST',
      `${opts.authUrl}/oauth/token`,
      { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      'grant_type=client_credentials',
    );
    if (res.status < 200 || res.status > 299) throw unavailable(`Could not get a service token (${res.status})`);
    const body = JSON.parse(res.text) as TokenResponse;
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
    const requestId = currentRequestId();
    if (requestId) headers['x-request-id'] = requestId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await send(method, url, headers, body === undefined ? undefined : JSON.stringify(body));
    if (res.status === 401 && !retried) {
      cached = undefined;
      return call<T>(method, url, body, true);
    }
    return { status: res.status, body: (res.text ? JSON.parse(res.text) : undefined) as T };
  }

  /** Calls another service's endpoint as its contract declares it (path parameters, query and body typed). */
  async function request<E extends Endpoint>(
    baseUrl: string,
    ep: E,
    input: Pick<InputOf<E>, 'params' | 'body' | 'query'>,
  ): Promise<EndpointAnswer<E>> {
    const { params, body, query } = input as { params?: Record<string, string | number>; body?: unknown; query?: Record<string, string | number> };
    const url = setQuery(new URL(baseUrl + pathOf(ep.path, params)), query).href;
    const res = await call<unknown>(ep.method, url, body ?? (ep.method === 'GET' ? undefined : {}));
    const ok = res.status >= 200 && res.status < 300;
    return ok ? { status: res.status, body: res.body as ResponseOf<E> } : { status: res.status, error: (res.body ?? {}) as Partial<ErrorBody> };
  }

  return {
    token,
    call,
    request,
    get: <T>(url: string) => call<T>('GET', url),
    post: <T>(url: string, body?: unknown) => call<T>('POST', url, body ?? {}),
  };
}
export type ServiceClient = ReturnType<typeof createServiceClient>;
