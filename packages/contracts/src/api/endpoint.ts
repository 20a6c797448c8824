import { Type, type TSchema } from '@sinclair/typebox';

// One endpoint of one service, as data: the service registers its route from it, the typed client calls it, and
// the integrators' OpenAPI document lists it. Paths use Fastify's `:param` syntax.

export type ServiceName = 'auth' | 'users' | 'products' | 'orders';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/**
 * Who may call. `guest`: anybody, no credentials; `optional`: anybody, a person's token when sent must be valid;
 * `user`, `consumer`, `seller`: a person's bearer token (of that role); `client`: HTTP Basic credentials of an OAuth
 * client (the web app or an integrator); `service`: a service token of one of `callers` (any service when none).
 */
export type Access = 'guest' | 'optional' | 'user' | 'consumer' | 'seller' | 'client' | 'service';

export interface Endpoint {
  service: ServiceName;
  method: Method;
  path: string;
  summary: string;
  tags: readonly string[];
  access: Access;
  /** For `service` endpoints: the clients that may call. */
  callers?: readonly string[];
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  headers?: TSchema;
  /** The answers by status; 2xx only (errors are ErrorBody, or OAuthErrorBody on /oauth). */
  response: Readonly<Record<number, TSchema>>;
  /**
   * Request content types, when not JSON alone. One that lists JSON and multipart takes either: `body` as JSON, or a
   * form whose `jsonParts` hold JSON beside the files.
   */
  consumes?: readonly string[];
  /** Multipart parts that hold JSON, by part name, besides the files (parts named `file`). */
  jsonParts?: Readonly<Record<string, TSchema>>;
  /** Answer content types other than JSON (the 2xx answer is then bytes). */
  produces?: readonly string[];
}

/** Service-to-service endpoints: never routed by the gateway, never in the integrators' document. */
export const isInternal = (e: Pick<Endpoint, 'path'>) => e.path.startsWith('/internal/');

/** A file's bytes (an image), described for the document only. */
export const Bytes = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' });
