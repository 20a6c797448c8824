import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AccessTokenClaims, type EndedSessions, type Role } from '@marketshare/contracts';
import { Ajv } from 'ajv';
import { forbidden, unauthorized } from './errors.js';

export type Principal =
  | { kind: 'user'; id: number; username: string; role: Role; clientId: string; scope: string; jti: string; sid?: string }
  | { kind: 'service'; clientId: string; scope: string; jti: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  close?(): void;
}

/** How often a service reads the sessions auth has ended: a revoked session stops working within about this. */
export const ENDED_SESSIONS_POLL_MS = 2_000;

/**
 * The sessions auth ended before their access tokens expired (logout, revocation, a password change), read from
 * auth's public list after a cursor every `pollMs` and kept until their last token expires, so memory holds at most
 * the sessions ended within one access-token lifetime. Polling starts with the first token that names a session.
 * If auth cannot be reached the list stays as it was (tokens keep working until they expire, as before), and the
 * next poll tries again.
 */
export function endedSessionsWatcher(url: string, pollMs = ENDED_SESSIONS_POLL_MS) {
  const ended = new Map<string, number>();
  let cursor = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  const poll = async () => {
    try {
      // Sequence numbers are handed out before commit, so a slow transaction can land just below the cursor:
      // read a little behind it each time (entries are idempotent).
      const res = await fetch(`${url}?after=${Math.max(0, cursor - 100)}`, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) return;
      const body = (await res.json()) as EndedSessions;
      for (const e of body.items) ended.set(e.sid, e.until);
      cursor = Math.max(cursor, body.next);
      const now = Date.now() / 1000;
      for (const [sid, until] of ended) if (until < now) ended.delete(sid);
    } catch {
      // auth unreachable: keep what is known, try again at the next tick
    }
  };
  const start = () => {
    if (timer) return inFlight;
    inFlight = poll();
    timer = setInterval(() => void (inFlight = poll()), pollMs);
    timer.unref();
    return inFlight;
  };
  return {
    /** Whether a session has ended; the first call waits for the first read so a fresh replica is not behind. */
    async isEnded(sid: string): Promise<boolean> {
      if (!timer) await start();
      return ended.has(sid);
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}

/**
 * Verifies access tokens locally against auth's JWKS: fetched once, cached, and fetched again when a token names
 * an unknown `kid` (jose's remote key set does exactly that, with a cooldown). Verified tokens are remembered
 * until they expire so a hot path pays for the signature check once per token; a token whose session has ended
 * (`endedSessionsUrl`) is refused, cached or not.
 */
export function createTokenVerifier(opts: {
  jwksUrl: string;
  issuer: string;
  keys?: JWTVerifyGetKey;
  endedSessionsUrl?: string;
  endedSessionsPollMs?: number;
}): TokenVerifier {
  const keys = opts.keys ?? createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
  const sessions = opts.endedSessionsUrl ? endedSessionsWatcher(opts.endedSessionsUrl, opts.endedSessionsPollMs) : undefined;
  const cache = new Map<string, { principal: Principal; exp: number }>();
  const MAX_CACHED = 10_000;
  const live = async (p: Principal) => {
    if (p.kind === 'user' && p.sid && sessions && (await sessions.isEnded(p.sid))) throw unauthorized('This session has ended; sign in again');
    return p;
  };
  return {
    close: () => sessions?.close(),
    async verify(token) {
      const now = Date.now() / 1000;
      const hit = cache.get(token);
      if (hit && hit.exp > now) return live(hit.principal);
      let payload;
      try {
        ({ payload } = await jwtVerify(token, keys, { issuer: opts.issuer, algorithms: ['RS256', 'ES256', 'EdDSA'] }));
      } catch {
        throw unauthorized('Invalid or expired access token');
      }
      const principal = principalOf(payload);
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(token, { principal, exp: Number(payload.exp ?? now) });
      return live(principal);
    },
  };
}

// The claims every token must carry, as auth signs them (packages/contracts): anything else is not our token.
const isAccessTokenClaims = new Ajv({ strict: false }).compile<AccessTokenClaims>(AccessTokenClaims);

function principalOf(p: unknown): Principal {
  if (!isAccessTokenClaims(p)) throw unauthorized('Malformed access token');
  const { scope, jti, client_id: clientId } = p;
  if (p.role === 'service') return { kind: 'service', clientId, scope, jti };
  return { kind: 'user', id: Number(p.sub), username: p.user_name, role: p.role, clientId, scope, jti, ...(p.sid && { sid: p.sid }) };
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

/** Ownership: a person may act only on what is theirs (403 `not_owner`). */
export function assertOwner(request: FastifyRequest, ownerId: number, what = 'resource'): void {
  if (currentUser(request).id !== ownerId) throw forbidden(`This ${what} is not yours`, 'not_owner');
}
