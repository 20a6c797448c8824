import type { TSchema } from '@sinclair/typebox';
import { ErrorBody } from './api/common.js';
import { OAuthErrorBody } from './api/auth.js';
import { api } from './api/endpoints.js';
import { isInternal, type Endpoint } from './api/endpoint.js';

// The one OpenAPI document for integrators: every endpoint the gateway routes, from the same schemas the services
// validate with, and the OAuth 2 security of every protected operation. /internal endpoints are never in it.

type Json = Record<string, unknown>;
/** TypeBox schemas are JSON Schema with symbol keys; OpenAPI 3.1 takes them as they are once plain. */
const plain = (schema: TSchema): Json => JSON.parse(JSON.stringify(schema)) as Json;
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

const USER_SCOPES = ['user'];
function securityOf(ep: Endpoint): Json[] | undefined {
  switch (ep.access) {
    case 'guest':
      return [];
    case 'optional':
      return [{}, { oauth2: USER_SCOPES }];
    case 'client':
      return [{ clientBasic: [] }];
    case 'service':
      return undefined;
    default:
      return [{ oauth2: USER_SCOPES }];
  }
}

function parameters(ep: Endpoint): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', ep.params],
    ['query', ep.querystring],
    ['header', ep.headers],
  ] as const) {
    if (!schema) continue;
    const object = plain(schema) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = property;
      out.push({
        name,
        in: where,
        required: where === 'path' || (object.required ?? []).includes(name),
        ...(description !== undefined && { description }),
        schema: rest,
      });
    }
  }
  return out;
}

/** A multipart form: its JSON parts and its files. */
function formContent(ep: Endpoint): Json {
  const parts = Object.entries(ep.jsonParts ?? {});
  const properties = {
    ...Object.fromEntries(parts.map(([name, schema]) => [name, plain(schema)])),
    file: { type: 'array', items: { type: 'string', format: 'binary' } },
  };
  const encoding = parts.length ? { encoding: Object.fromEntries(parts.map(([name]) => [name, { contentType: 'application/json' }])) } : {};
  return { schema: { type: 'object', properties }, ...encoding };
}

/** The request body in each content type the endpoint takes, in the order it lists them. */
function requestBody(ep: Endpoint): Json | undefined {
  const content: Json = {};
  for (const type of ep.consumes ?? ['application/json']) {
    if (type === 'multipart/form-data') content[type] = formContent(ep);
    else if (ep.body) content[type] = { schema: plain(ep.body) };
  }
  return Object.keys(content).length ? { required: true, content } : undefined;
}

function responses(ep: Endpoint): Json {
  const out: Json = {};
  for (const [status, schema] of Object.entries(ep.response) as [string, TSchema][]) {
    const types = ep.produces ?? ['application/json'];
    const empty = status === '204' || (schema as Json).description === 'empty body';
    out[status] = {
      description: empty ? 'No body' : 'Success',
      ...(!empty && { content: Object.fromEntries(types.map((t) => [t, { schema: plain(schema) }])) }),
    };
  }
  const error = ep.path.startsWith('/oauth/') ? OAuthErrorBody : ErrorBody;
  out.default = { description: 'An error', content: { 'application/json': { schema: plain(error) } } };
  return out;
}

/** The operations of the document: every endpoint of the contracts but the /internal ones. */
export function publicEndpoints(): { operationId: string; endpoint: Endpoint }[] {
  return Object.entries(api).flatMap(([service, group]) =>
    Object.entries(group as Record<string, Endpoint>)
      .filter(([, endpoint]) => !isInternal(endpoint))
      .map(([name, endpoint]) => ({ operationId: `${service}.${name}`, endpoint })),
  );
}

/** The OpenAPI 3.1 document of the public API, as served at the gateway's /api/openapi.json. */
export function openApiDocument(opts: { publicUrl: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const { operationId, endpoint: ep } of publicEndpoints()) {
    const security = securityOf(ep);
    const parametersOf = parameters(ep);
    const body = requestBody(ep);
    (paths[openApiPath(ep.path)] ??= {})[ep.method.toLowerCase()] = {
      operationId,
      summary: ep.summary,
      tags: [...ep.tags],
      ...(security && { security }),
      ...(parametersOf.length > 0 && { parameters: parametersOf }),
      ...(body && { requestBody: body }),
      responses: responses(ep),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Marketshare API',
      version: '1.0.0',
      description:
        'The public API of Marketshare, an open B2B marketplace. Sign in with OAuth 2 (the password grant of an ' +
        'integrator client, then refresh_token) and send the access token as a Bearer token. Amounts are integers ' +
        'of minor units (centavos).',
    },
    servers: [{ url: opts.publicUrl }],
    tags: [...new Set(publicEndpoints().flatMap(({ endpoint }) => endpoint.tags))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          description: 'Access tokens from auth; a person signs in through an OAuth client (password grant).',
          flows: {
            password: {
              tokenUrl: `${opts.publicUrl}/oauth/token`,
              refreshUrl: `${opts.publicUrl}/oauth/token`,
              scopes: { user: 'Act as the signed-in person' },
            },
          },
        },
        clientBasic: { type: 'http', scheme: 'basic', description: 'An OAuth client id and secret (RFC 6749 §2.3.1)' },
      },
    },
  };
}
