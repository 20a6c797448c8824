import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv, type Options as AjvOptions, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import addFormats from 'ajv-formats';
import { authApi } from '@marketshare/contracts';
import { createGuards, createTokenVerifier, type Guards, type TokenVerifier } from './auth.js';
import { badRequest, HttpError, type ErrorDetail } from './errors.js';
import { createMetrics, type Metrics } from './metrics.js';
import { runInRequest } from './request-context.js';

export interface ServiceAppOptions {
  /** Service name: the `service` label on metrics and logs. */
  name: string;
  description?: string;
  logLevel?: string;
  /** Where to verify access tokens; omit only for a service that signs them itself and passes `verifier`. */
  auth?: { jwksUrl: string; issuer: string; endedSessionsUrl?: string; endedSessionsPollMs?: number } | { verifier: TokenVerifier };
  /** Named readiness checks; `/readyz` runs them all. */
  readiness?: Record<string, () => Promise<unknown>>;
  bodyLimit?: number;
  /** Trust X-Forwarded-For from the gateway. */
  trustProxy?: FastifyServerOptions['trustProxy'];
}

declare module 'fastify' {
  interface FastifyInstance {
    guards: Guards;
    metrics: Metrics;
    /** Set when the process is asked to stop: `/readyz` answers 404 so the gateway sends nothing new. */
    draining: boolean;
  }
}
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

// Bodies are validated strictly: no type coercion and no silently dropped fields, so `{"amount":"5"}` or an extra
// `balance` field is a 400. Query strings and path parameters are text by nature and are coerced.
const baseAjv: AjvOptions = { allErrors: true, strict: false, removeAdditional: false, useDefaults: true };
const bodyAjv = addFormats.default(new Ajv({ ...baseAjv, coerceTypes: false }));
const textAjv = addFormats.default(new Ajv({ ...baseAjv, coerceTypes: 'array' }));

/**
 * Checks a JSON value a route read itself (a multipart part) as a route's body is checked: strictly, with the same
 * error body and coded details. Answers the value with the schema's defaults filled in.
 */
export function checkBody<T extends TSchema>(schema: T, value: unknown, context = 'body'): Static<T> {
  let validate = compiledBodies.get(schema);
  if (!validate) compiledBodies.set(schema, (validate = bodyAjv.compile(schema)));
  if (validate(value)) return value as Static<T>;
  const details = validationDetails((validate.errors ?? []) as AjvError[], context);
  throw badRequest(details.map((d) => `${d.field} ${d.message}`).join('; '), details);
}
const compiledBodies = new WeakMap<TSchema, ValidateFunction>();

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.client_secret',
  '*.secret',
  '*.refresh_token',
  '*.access_token',
];

/** The one way every service builds its HTTP app: logs, errors, health, metrics, OpenAPI and auth guards. */
export async function createServiceApp(opts: ServiceAppOptions): Promise<ServiceApp> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info', redact: { paths: REDACT, censor: '[redacted]' }, base: { service: opts.name } },
    // one debug line per request from the onResponse hook instead of fastify's two info lines
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    // one hop: the address the gateway appended to X-Forwarded-For, not whatever the client put there
    trustProxy: opts.trustProxy ?? ((_address: string, hop: number) => hop < 1),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    ajv: {},
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object),
  );

  const metrics = createMetrics(opts.name);
  app.decorate('metrics', metrics);
  const verifier =
    opts.auth && 'verifier' in opts.auth
      ? opts.auth.verifier
      : opts.auth
        ? createTokenVerifier({
            // auth's list of ended sessions sits beside its key set
            endedSessionsUrl: new URL(authApi.endedSessions.path, opts.auth.jwksUrl).href,
            ...opts.auth,
          })
        : undefined;
  if (verifier?.close) app.addHook('onClose', async () => verifier.close?.());
  app.decorate(
    'guards',
    verifier
      ? createGuards(verifier)
      : missingGuards(opts.name),
  );

  // the rest of the request runs with its id in reach of the service client, which passes it on
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    runInRequest(request.id, done);
  });
  // An answer to a person's token is theirs: no shared cache (a proxy, a CDN, the browser's back button on a shared
  // computer) may keep it. A route that set its own Cache-Control keeps it.
  app.addHook('onSend', async (request, reply) => {
    if (request.headers.authorization && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) request.log.error({ url: request.url, statusCode: reply.statusCode }, 'request failed');
    else request.log.debug({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request');
  });

  app.setErrorHandler((err: FastifyError & Partial<HttpError>, request, reply) => {
    if (err instanceof HttpError) {
      if (err.headers) reply.headers(err.headers);
      return reply.status(err.statusCode).send(err.toBody());
    }
    if (err.validation) {
      const details = validationDetails(err.validation, err.validationContext ?? 'body');
      const message = details.map((d) => `${d.field} ${d.message}`).join('; ');
      return reply.status(400).send({ error: 'validation_failed', message, details });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : 'bad_request';
      return reply.status(status).send({ error: code, message: err.message });
    }
    // The driver's own error, not the ORM's wrapper: the wrapper's message repeats the query's parameters, which
    // may hold e-mails or password hashes.
    const cause = err.cause instanceof Error ? err.cause : err;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && STORE_REFUSED_INPUT.has(code)) {
      return reply.status(400).send({ error: 'invalid_input', message: 'A value contains characters or a size the store cannot keep' });
    }
    request.log.error({ err: { type: cause.name, code, message: cause.message, stack: cause.stack } }, 'unhandled error');
    return reply.status(500).send({ error: 'internal_error', message: 'Something went wrong on our side' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );

  await app.register(swagger, {
    openapi: {
      info: { title: `Marketshare ${opts.name}`, description: opts.description, version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.decorate('draining', false);
  app.get('/readyz', hidden, async (_request, reply) => {
    // 404, not 503, while stopping: HAProxy's `http-check disable-on-404` drains on the first such answer instead of
    // after `fall` failed checks; any answer outside 200-399 is "not ready" for a cluster's probe as well.
    if (app.draining) return reply.status(404).send({ status: 'stopping', checks: {} });
    const checks: Record<string, string> = {};
    let ok = true;
    await Promise.all(
      Object.entries(opts.readiness ?? {}).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          checks[name] = 'ok';
        } catch (e) {
          ok = false;
          checks[name] = e instanceof Error ? e.message : 'failed';
        }
      }),
    );
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });
  app.get('/metrics', hidden, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  return app;
}

/**
 * Stands in for the guards of a service built without the auth option (emails): using a guard fails loudly.
 * Fastify's `decorate` probes the value's `getter`/`setter` (and inspection probes symbols), so those answer
 * undefined instead of throwing.
 */
function missingGuards(name: string): Guards {
  return new Proxy({} as Guards, {
    get: (_target, prop) => {
      if (typeof prop === 'symbol' || prop === 'getter' || prop === 'setter' || prop === 'then') return undefined;
      throw new Error(`${name}: guards need the auth option`);
    },
  });
}

/**
 * Store errors caused by the input itself rather than by us: PostgreSQL refuses NUL characters in text (22021)
 * and jsonb (22P05), and values too long (22001) or out of range (22003); MariaDB the same (1366, 1406, 1264).
 */
const STORE_REFUSED_INPUT = new Set(['22021', '22P05', '22001', '22003', 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', 'ER_DATA_TOO_LONG', 'ER_WARN_DATA_OUT_OF_RANGE']);

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

type AjvError = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };
/** Turns schema errors into `{field, message}` pairs a form can show beside its fields. */
export function validationDetails(errors: AjvError[], context: string): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const path = e.instancePath.split('/').filter(Boolean);
    if (e.keyword === 'required') path.push(String(e.params.missingProperty));
    if (e.keyword === 'additionalProperties') path.push(String(e.params.additionalProperty));
    const field = path.length ? path.join('.') : context;
    const message =
      e.keyword === 'additionalProperties' ? 'is not allowed' : e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid');
    const key = `${field}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      const params = detailParams(e.params);
      out.push({ field, message, code: e.keyword, ...(params && { params }) });
    }
  }
  // anyOf/union failures repeat themselves per branch; keep the message short.
  return out.slice(0, 20);
}

/** The keyword's values a client needs to word the error itself: a limit, a format. */
function detailParams(params: Record<string, unknown>): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const k of ['limit', 'format'] as const) {
    const v = params[k];
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
