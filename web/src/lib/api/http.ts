import 'server-only';
import { config, webClientBasic } from '../config';
import { getSession } from '../session';

export interface FieldError {
  field: string;
  message: string;
}
/** A non-2xx answer from a service, as docs/design.md §1 shapes it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}
/** The service could not be reached at all (connection refused, timeout). */
export class ServiceUnavailableError extends ApiError {
  constructor(service: string) {
    super(503, 'service_unavailable', `${service} is unreachable`);
  }
}

const bases = {
  auth: () => config.authUrl,
  users: () => config.usersUrl,
  products: () => config.productsUrl,
  orders: () => config.ordersUrl,
};
export type Service = keyof typeof bases;

interface CallOptions {
  method?: string;
  query?: Record<string, string | number | undefined | null>;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** 'user' (default): the signed-in user's bearer token if any; 'client': the web app's Basic credentials. */
  as?: 'user' | 'client' | 'anonymous';
}

export async function call<T>(service: Service, path: string, opts: CallOptions = {}): Promise<T> {
  const url = new URL(path, bases[service]());
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.as === 'client') headers.authorization = webClientBasic();
  else if (opts.as !== 'anonymous') {
    // An expired token (auth unreachable, so not refreshed) would turn public reads into 401s: send none instead.
    const session = await getSession();
    if (session && !session.expired) headers.authorization = `Bearer ${session.accessToken}`;
  }
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) body = opts.form;

  let res: Response;
  try {
    res = await fetch(url, { method: opts.method ?? 'GET', headers, body, cache: 'no-store', signal: AbortSignal.timeout(15000) });
  } catch {
    throw new ServiceUnavailableError(service);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data ?? {}) as { error?: string; message?: string; details?: FieldError[] };
    throw new ApiError(res.status, e.error ?? `http_${res.status}`, e.message ?? res.statusText, Array.isArray(e.details) ? e.details : []);
  }
  return data as T;
}

/** For pages: a missing resource is `null` instead of an exception. */
export async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
