import { authApi, createApiClient, type ApiClient, type ArgsOf, type Endpoint, type ErrorBody, type ResponseOf } from '@marketshare/contracts';
import { basicAuthorization } from '@marketshare/service-kit';
import type { Stack } from './stack.js';
import { WEB_CLIENT } from './http.js';

/**
 * The contracts' typed client aimed at a test stack's services: tests call endpoints as the web app does, and a
 * changed request or answer shape fails to compile here as it does there. `token` signs the calls in;
 * endpoints that authenticate the calling client get `client` (the web app's by default).
 */
export function apiClient(stack: Stack, opts: { token?: string; client?: [string, string] } = {}): ApiClient {
  const [clientId, secret] = opts.client ?? WEB_CLIENT;
  return createApiClient({
    baseUrl: (service) => stack.url(service),
    authorization: () => (opts.token ? `Bearer ${opts.token}` : undefined),
    clientAuthorization: () => basicAuthorization(clientId, secret),
    // tests judge answers, never their speed (bench/ measures that): a burst on a loaded CI machine may wait long
    timeoutMs: 120_000,
  });
}

/**
 * An endpoint's answer as a test reads it: `body` has the type of the endpoint's 2xx answer, so a changed response
 * shape fails to compile in the tests; a test that expects a refusal asserts the status first and reads the
 * standard error fields (`error`, `message`, `details`, OAuth's `error_description`) from the same body.
 */
export interface Answered<E extends Endpoint> {
  ok: boolean;
  status: number;
  headers: Headers;
  // a 204's body is null, which no error field would fit: read it as the refusal it may be
  body: ([ResponseOf<E>] extends [null] ? unknown : ResponseOf<E>) & Partial<ErrorBody> & { error_description?: string };
}

/** Who calls: a person (or a service) by their bearer token, or nobody (`null`: no credentials). */
export type Caller = { token: string } | string | null;

/**
 * Calls one endpoint of the stack's services as `who`, with the typed client, and returns whatever it answered.
 * Endpoints that authenticate the calling client (the token endpoint, registration) send the web app's.
 */
export async function send<E extends Endpoint>(stack: Stack, who: Caller, ep: E, ...args: ArgsOf<E>): Promise<Answered<E>> {
  const token = typeof who === 'string' ? who : (who?.token ?? undefined);
  return (await apiClient(stack, { token }).send(ep, ...args)) as Answered<E>;
}

/** The body of a 2xx answer (of `status` when given); any other answer fails the test, saying what came instead. */
export function bodyOf<E extends Endpoint>(answer: Answered<E>, status?: number): ResponseOf<E> {
  if (!answer.ok || (status !== undefined && answer.status !== status)) {
    throw new Error(`expected ${status ?? '2xx'}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body as ResponseOf<E>;
}

/**
 * The token endpoint with a form `body`, as an OAuth client (the web app's by default; null: no credentials, as when
 * a client sends them in the body), on behalf of the end-user address `from` (X-Forwarded-For) when given.
 */
export function tokenRequest(
  stack: Stack,
  body: Record<string, string>,
  opts: { client?: [string, string] | null; from?: string; headers?: Record<string, string> } = {},
): Promise<Answered<typeof authApi.token>> {
  const client = opts.client === undefined ? WEB_CLIENT : opts.client;
  return send(stack, null, authApi.token, {
    body,
    authorization: client ? basicAuthorization(...client) : null,
    headers: { ...opts.headers, ...(opts.from ? { 'x-forwarded-for': opts.from } : {}) },
  });
}
