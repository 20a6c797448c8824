import type { Static, TSchema } from '@sinclair/typebox';
import type { ErrorBody, ErrorDetail } from './api/common.js';
import type { Endpoint, ServiceName } from './api/endpoint.js';

// One typed client for every endpoint in the contracts (the shape of Vendure's typed test clients): what a call
// takes and what it answers are the endpoint's schemas, so a changed shape fails to compile in every caller.

type SuccessStatus = 200 | 201 | 202 | 204;
type StaticOf<S> = S extends TSchema ? Static<S> : never;
/** What an endpoint answers on success. */
export type ResponseOf<E extends Endpoint> = {
  [S in keyof E['response'] & SuccessStatus]: StaticOf<E['response'][S]>;
}[keyof E['response'] & SuccessStatus];

type Part<E, K extends keyof Endpoint, Name extends string, Optional extends boolean> = E extends {
  [P in K]: infer S extends TSchema;
}
  ? Optional extends true
    ? { [P in Name]?: Static<S> }
    : { [P in Name]: Static<S> }
  : { [P in Name]?: never };
type BodyPart<E> = E extends { consumes: readonly (infer C)[] }
  ? 'multipart/form-data' extends C
    ? E extends { body: infer S extends TSchema } // JSON or a form
      ? { body: Static<S> | FormData }
      : { body: FormData }
    : { body: Record<string, string> }
  : Part<E, 'body', 'body', false>;
/** What a call of an endpoint takes: its path parameters, query, body, and extra headers. */
export type InputOf<E extends Endpoint> = Part<E, 'params', 'params', false> &
  Part<E, 'querystring', 'query', true> &
  BodyPart<E> & {
    headers?: Record<string, string>;
    /** The Authorization header for this call; `null` sends none, undefined the client's default. */
    authorization?: string | null;
  };
/** A call's arguments: its input, optional when the endpoint needs nothing. */
export type ArgsOf<E extends Endpoint> = object extends InputOf<E> ? [input?: InputOf<E>] : [input: InputOf<E>];

/** A non-2xx answer. `code` is the body's `error` (ours or OAuth's). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
/** No answer at all (refused connection, timeout). */
export class ServiceUnavailableError extends ApiError {
  constructor(
    readonly service: ServiceName,
    cause: string,
  ) {
    super(503, 'service_unavailable', `${service} is unreachable: ${cause}`);
    this.name = 'ServiceUnavailableError';
  }
}

export type Answer<E extends Endpoint> =
  | { ok: true; status: number; headers: Headers; body: ResponseOf<E> }
  | { ok: false; status: number; headers: Headers; body: Partial<ErrorBody> & { error_description?: string } };

export interface ApiClientOptions {
  /** Where each service answers: one gateway for all, or each service's own address. */
  baseUrl: string | ((service: ServiceName) => string);
  /** The Authorization header to send when a call names none (a person's bearer token, say). */
  authorization?: () => string | undefined | Promise<string | undefined>;
  /** The Authorization header for endpoints that authenticate the calling client (`access: 'client'`). */
  clientAuthorization?: () => string | undefined;
  /** Headers for every call (the id of the request being served, say). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  timeoutMs?: number;
  /** Extra fetch options, such as Next.js's `cache: 'no-store'`. */
  init?: RequestInit;
}

/** A path parameter's or query field's value, as the schemas allow them. */
type Scalar = string | number | boolean;

/** The path with its parameters filled in, e.g. `/api/products/:id` with `{ id: 7 }` → `/api/products/7`. */
export function pathOf(path: string, params: Record<string, Scalar> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${path} needs the parameter ${name}`);
    return encodeURIComponent(String(params[name]));
  });
}

/** Puts an endpoint's query on a URL, leaving out empty values. */
export function setQuery(url: URL, query: Record<string, Scalar | null | undefined> | undefined): URL {
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  return url;
}

/**
 * True when a request failed because the kept-alive connection it was written on had already been closed by the
 * other side (its idle timeout) before any answer came: the server never read the request, so sending it again on a
 * new connection is safe whatever its method (RFC 9112, section 9.3.1; browsers do the same).
 */
export function closedBeforeAnswer(e: unknown): boolean {
  const cause = (e as { cause?: { code?: string; socket?: { bytesRead?: number } } } | undefined)?.cause;
  // a reused connection has read an earlier answer; a fresh one that is closed at once is a server going away
  return cause?.code === 'UND_ERR_SOCKET' && (cause.socket?.bytesRead ?? 0) > 0;
}

/** fetch, sent once more on a new connection when the kept-alive one it used had been closed before answering. */
export async function fetchKeptAlive(url: string | URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (!closedBeforeAnswer(e) || init.body instanceof ReadableStream || init.signal?.aborted) throw e;
    return fetch(url, init);
  }
}

export function createApiClient(opts: ApiClientOptions) {
  const baseOf = typeof opts.baseUrl === 'string' ? () => opts.baseUrl as string : opts.baseUrl;

  /** Calls an endpoint and returns whatever it answered, success or not; throws only when nothing answered. */
  async function send<E extends Endpoint>(ep: E, ...[input]: ArgsOf<E>): Promise<Answer<E>> {
    const given = (input ?? {}) as {
      params?: Record<string, Scalar>;
      query?: Record<string, Scalar | null | undefined>;
      body?: unknown;
      headers?: Record<string, string>;
      authorization?: string | null;
    };
    const url = new URL(pathOf(ep.path, given.params), baseOf(ep.service));
    setQuery(url, given.query);
    const headers: Record<string, string> = { accept: 'application/json', ...(await opts.headers?.()), ...given.headers };
    const authorization =
      given.authorization !== undefined
        ? given.authorization
        : ep.access === 'client'
          ? opts.clientAuthorization?.()
          : ep.access === 'guest'
            ? undefined
            : await opts.authorization?.();
    if (authorization) headers.authorization = authorization;
    let body: RequestInit['body'];
    if (given.body instanceof FormData) body = given.body;
    else if (ep.consumes?.includes('application/x-www-form-urlencoded')) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(given.body as Record<string, string>).toString();
    } else if (given.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(given.body);
    }
    let res: Response;
    try {
      res = await fetchKeptAlive(url, {
        ...opts.init,
        method: ep.method,
        headers,
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new ServiceUnavailableError(ep.service, (e as Error).message);
    }
    let parsed: unknown;
    if (ep.produces && res.ok) parsed = new Uint8Array(await res.arrayBuffer());
    else {
      const text = await res.text();
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = { error: `http_${res.status}`, message: text };
      }
    }
    return { ok: res.ok, status: res.status, headers: res.headers, body: parsed } as Answer<E>;
  }

  /** Calls an endpoint and returns its answer; a non-2xx answer throws an ApiError. */
  async function call<E extends Endpoint>(ep: E, ...args: ArgsOf<E>): Promise<ResponseOf<E>> {
    const answer = await send(ep, ...args);
    if (answer.ok) return answer.body;
    const e = answer.body ?? {};
    throw new ApiError(
      answer.status,
      e.error ?? `http_${answer.status}`,
      e.message ?? e.error_description ?? `HTTP ${answer.status}`,
      Array.isArray(e.details) ? e.details : [],
      e,
    );
  }

  return { send, call };
}
export type ApiClient = ReturnType<typeof createApiClient>;
