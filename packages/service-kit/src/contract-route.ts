import type { Endpoint } from '@marketshare/contracts';

type RequestParts = 'params' | 'querystring' | 'body' | 'headers';
/** The route schema of an endpoint: its request parts and answers as declared in the contracts. */
export type RouteSchemaOf<E extends Endpoint> = { -readonly [K in RequestParts & keyof E]: E[K] } & {
  response: E extends { produces: readonly string[] } ? undefined : { -readonly [S in keyof E['response']]: E['response'][S] };
  summary: string;
  tags: string[];
  security?: Record<string, string[]>[];
  consumes?: string[];
};

/**
 * A route's schema straight from its contract (`app.get(ep.path, { preHandler, schema: schemaOf(ep) }, handler)`),
 * so the service validates and serializes exactly the shapes its clients compile against. Answers that are bytes
 * (`produces`) are described in the contract only.
 */
export function schemaOf<E extends Endpoint>(ep: E): RouteSchemaOf<E> {
  const bearer = ['user', 'consumer', 'seller', 'service'].includes(ep.access);
  // An endpoint that takes its body as JSON or as a multipart form checks the JSON here and leaves the form to its
  // route, which reads the parts itself (`request.body` is then undefined: the route asks `isMultipart()` first).
  const body = ep.body && ep.consumes?.includes('multipart/form-data') ? { content: { 'application/json': { schema: ep.body } } } : ep.body;
  return {
    summary: ep.summary,
    tags: [...ep.tags],
    ...(bearer && { security: [{ bearer: [] }] }),
    ...(ep.consumes && { consumes: [...ep.consumes] }),
    ...(ep.params && { params: ep.params }),
    ...(ep.querystring && { querystring: ep.querystring }),
    ...(body && { body }),
    ...(ep.headers && { headers: ep.headers }),
    response: (ep.produces ? undefined : ep.response) as RouteSchemaOf<E>['response'],
  } as RouteSchemaOf<E>;
}
