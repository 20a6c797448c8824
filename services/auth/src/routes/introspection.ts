import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authApi as api } from '@marketshare/contracts';
import { clientCredentials, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import type { AuthDeps } from '../deps.js';
import type { OAuthClient } from '../domain/clients.js';
import { oauthError } from '../http/oauth-errors.js';

const looksLikeJwt = (t: string) => t.split('.').length === 3;

/** Introspection (RFC 7662, also at the original's /oauth/check_token) and revocation (RFC 7009). */
export async function introspectionRoutes(app: ServiceApp, deps: AuthDeps) {
  const keySet = createLocalJWKSet(deps.keys.jwks);

  const authenticateClient = (request: FastifyRequest, reply: FastifyReply): OAuthClient | undefined => {
    const creds = clientCredentials(request.headers.authorization, request.body as Record<string, unknown>);
    const client = creds && deps.clients.authenticate(creds.id, creds.secret);
    if (!client) oauthError(reply, 401, 'invalid_client', 'Client authentication failed');
    return client || undefined;
  };
  const tokenParam = (request: FastifyRequest, reply: FastifyReply): string | undefined => {
    const token = (request.body as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || !token || token.length > 4096) {
      oauthError(reply, 400, 'invalid_request', 'Missing parameter: token');
      return undefined;
    }
    return token;
  };
  const verifyJwt = async (token: string): Promise<JWTPayload | undefined> => {
    try {
      return (await jwtVerify(token, keySet, { issuer: deps.config.PUBLIC_URL })).payload;
    } catch {
      return undefined;
    }
  };

  const introspect = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!authenticateClient(request, reply)) return reply;
    const token = tokenParam(request, reply);
    if (!token) return reply;
    reply.header('cache-control', 'no-store');
    if (looksLikeJwt(token)) {
      const p = await verifyJwt(token);
      if (!p || (p.jti && (await deps.refresh.isAccessTokenRevoked(p.jti)))) return { active: false };
      if (typeof p.sid === 'string' && (await deps.refresh.isSessionEnded(p.sid))) return { active: false };
      return { active: true, token_type: 'Bearer', ...p, username: typeof p.user_name === 'string' ? p.user_name : undefined };
    }
    const rec = await deps.refresh.byHash(token);
    if (!rec || rec.spentAt || rec.revokedAt || rec.expiresAt < new Date()) return { active: false };
    return {
      active: true,
      token_type: 'refresh_token',
      scope: rec.scope,
      client_id: rec.clientId,
      sub: String(rec.userId),
      username: rec.username,
      user_name: rec.username,
      role: rec.role,
      exp: Math.floor(rec.expiresAt.getTime() / 1000),
      iat: Math.floor(rec.createdAt.getTime() / 1000),
      iss: deps.config.PUBLIC_URL,
    };
  };
  app.post(api.introspect.path, { schema: schemaOf(api.introspect) }, (request, reply) => introspect(request, reply));
  app.post(api.checkToken.path, { schema: schemaOf(api.checkToken) }, (request, reply) => introspect(request, reply));

  app.get(api.endedSessions.path, { schema: schemaOf(api.endedSessions) }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return deps.refresh.endedSince(request.query.after ?? 0);
  });

  app.post(api.revoke.path, { schema: schemaOf(api.revoke) }, async (request, reply) => {
    const client = authenticateClient(request, reply);
    if (!client) return reply;
    const token = tokenParam(request, reply);
    if (!token) return reply;
    // RFC 7009 §2.2: an unknown or foreign token still answers 200, so the endpoint reveals nothing.
    if (looksLikeJwt(token)) {
      const p = await verifyJwt(token);
      // a person's access token ends their whole session (logout); a service token only itself
      if (p?.jti && p.client_id === client.id) {
        if (typeof p.sid === 'string') await deps.refresh.revokeFamily(p.sid);
        else await deps.refresh.revokeAccessToken(p.jti, Number(p.exp));
      }
    } else {
      const rec = await deps.refresh.byHash(token);
      if (rec && rec.clientId === client.id) await deps.refresh.revokeFamily(rec.familyId);
    }
    return reply.status(200).header('cache-control', 'no-store').send();
  });
}
