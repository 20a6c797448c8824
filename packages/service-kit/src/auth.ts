import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AccessTokenClaims, type Role } from '@marketshare/contracts';
import { Ajv } from 'ajv';
import { forbidden, unauthorized } from './errors.js';

export type Principal =
  | { kind: 'user'; id: number; username: string; role: Role; clientId: string; scope: string; jti: string }
  | { kind: 'service'; clientId: string; scope: string; jti: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/**
 * Verifies access tokens locally against auth's JWKS: fetched once, cached, and fetched again when a token names
 * an unknown `kid` (jose's remote key set does exactly that, with a cooldown). Verified tokens are remembered
 * until they expire so a hot path pays for the signature check once per token.
 */
export function createTokenVerifier(opts: { jwksUrl: string; issuer: string; keys?: JWTVerifyGetKey }): TokenVerifier {
  const keys = opts.keys ?? createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
  const cache = new Map<string, { principal: Principal; exp: number }>();
  const MAX_CACHED = 10_000;
  return {
    async verify(token) {
      const now = Date.now() / 1000;
      const hit = cache.get(token);
      if (hit && hit.exp > now) return hit.principal;
      let payload;
      try {
        ({ payload } = await jwtVerify(token, keys, { issuer: opts.issuer, algorithms: ['RS256', 'ES256', 'EdDSA'] }));
      } catch {
        throw unauthorized('Invalid or expired access token');
      }
      const principal = principalOf(payload);
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(token, { principal, exp: Number(payload.exp ?? now) });
      return principal;
    },
  };
}

// The claims every token must carry, as auth signs them (packages/contracts): anything else is not our token.
const isAccessTokenClaims = new Ajv({ strict: false }).compile<AccessTokenClaims>(AccessTokenClaims);

function principalOf(p: unknown): Principal {
  if (!isAccessTokenClaims(p)) throw unauthorized('Malformed access token');
  const { scope, jti, client_id: clientId } = p;
  if (p.role === 'service') return { kind: 'service', clientId, scope, jti };
  return { kind: 'user', id: Number(p.sub), username: p.user_name, role: p.role, clientId, scope, jti };
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Route guards: every route says who may call it; the server decides, never the page. */
export function createGuards(verifier: TokenVerifier) {
  const authenticate = async (request: FastifyRequest) => {
    const token = bearerToken(request);
    if (!token) throw unauthorized();
    request.principal = await verifier.verify(token);
    return request.principal;
  };
  const hook = (check: (p: Principal) => void): preHandlerAsyncHookHandler =>
    async function guard(request: FastifyRequest, _reply: FastifyReply) {
      check(await authenticate(request));
    };
  return {
    /** Any signed-in person. */
    user: hook((p) => {
      if (p.kind !== 'user') throw forbidden('This endpoint is for people, not services');
    }),
    /** A signed-in person with one of these roles. */
    role: (...roles: Role[]) =>
      hook((p) => {
        if (p.kind !== 'user') throw forbidden('This endpoint is for people, not services');
        if (!roles.includes(p.role)) throw forbidden(`Only ${roles.join(' or ')} accounts may do this`);
      }),
    /** A service token of one of these clients (any service when none is named). */
    service: (...clientIds: string[]) =>
      hook((p) => {
        if (p.kind !== 'service') throw forbidden('This endpoint is for services only');
        if (clientIds.length && !clientIds.includes(p.clientId)) throw forbidden(`Client ${p.clientId} may not call this`);
      }),
    /** Guests welcome; a token, when sent, must be valid. */
    optional: (async (request: FastifyRequest) => {
      if (request.headers.authorization) await authenticate(request);
    }) as preHandlerAsyncHookHandler,
  };
}
export type Guards = ReturnType<typeof createGuards>;

/** The signed-in person of a route guarded by `user` or `role`. */
export function currentUser(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (!p || p.kind !== 'user') throw unauthorized();
  return p;
}

/** Ownership: a person may act only on what is theirs. */
export function assertOwner(request: FastifyRequest, ownerId: number, what = 'resource'): void {
  if (currentUser(request).id !== ownerId) throw forbidden(`This ${what} is not yours`);
}
