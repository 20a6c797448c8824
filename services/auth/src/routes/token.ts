import OAuth2Server from '@node-oauth/oauth2-server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authApi as api } from '@marketshare/contracts';
import { clientCredentials, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import type { AuthDeps } from '../deps.js';
import { oauthModel } from '../oauth-model.js';
import { FailureLimiter, addressKey } from '../domain/failure-limiter.js';
import { oauthError, tooManyFailures } from '../http/oauth-errors.js';

const { Request, Response, OAuthError } = OAuth2Server;

/** POST /oauth/token: the password, refresh_token and client_credentials grants, run by @node-oauth/oauth2-server. */
export async function tokenRoutes(app: ServiceApp, deps: AuthDeps) {
  const server = new OAuth2Server({
    model: oauthModel({
      clients: deps.clients,
      keys: deps.keys,
      issuer: deps.config.PUBLIC_URL,
      accessTtl: deps.config.ACCESS_TOKEN_TTL,
      refreshTtl: deps.config.REFRESH_TOKEN_TTL,
      refresh: deps.refresh,
      verifyPassword: deps.verifyPassword,
    }) as never,
    accessTokenLifetime: deps.config.ACCESS_TOKEN_TTL,
    refreshTokenLifetime: deps.config.REFRESH_TOKEN_TTL,
    alwaysIssueNewRefreshToken: true,
    requireClientAuthentication: { password: true, refresh_token: true, client_credentials: true },
  });
  const logins = new FailureLimiter(deps.config.LOGIN_FAILURES_PER_WINDOW);
  // A refused refresh token names no user, so refreshes count per end-user address instead. Only refusals count:
  // a client that refreshes normally never adds to it, however often. The web app calls from one server address
  // for everybody and forwards each person's address in X-Forwarded-For (the one hop services trust), so a person
  // replaying bad cookies through it stops only themselves.
  const refreshes = new FailureLimiter(deps.config.REFRESH_FAILURES_PER_WINDOW, deps.config.REFRESH_FAILURE_WINDOW * 1000);
  const tokenRequests = app.metrics.counter('oauth_token_requests_total', 'Token requests by grant and outcome', ['grant_type', 'outcome']);

  app.post(
    api.token.path,
    { schema: schemaOf(api.token) },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const body = (request.body ?? {}) as Record<string, string>;
      const grant = typeof body.grant_type === 'string' ? body.grant_type : 'none';
      const creds = clientCredentials(request.headers.authorization, body);
      const username = typeof body.username === 'string' ? body.username : '';
      const address = addressKey(request.ip);
      const limited =
        grant === 'password' && creds && username
          ? { wait: logins.retryAfter(creds.id, username), what: 'failed logins' }
          : grant === 'refresh_token' && creds
            ? { wait: refreshes.retryAfter(creds.id, address), what: 'refused refresh tokens' }
            : undefined;
      if (limited && limited.wait > 0) {
        tokenRequests.inc({ grant_type: grant, outcome: 'rate_limited' });
        return tooManyFailures(reply, limited.wait, limited.what);
      }
      // RFC 6749 §2.3.1: Basic credentials are form-urlencoded first (standard clients encode even '-'); the
      // library reads them raw, so hand it the decoded pair.
      const headers = { ...(request.headers as Record<string, string>) };
      if (creds?.viaBasic) headers.authorization = 'Basic ' + Buffer.from(`${creds.id}:${creds.secret}`).toString('base64');
      const req = new Request({ method: 'POST', headers, query: {}, body });
      const res = new Response({ headers: {} });
      try {
        await server.token(req, res);
      } catch (e) {
        const err = e instanceof OAuthError ? e : new OAuthError(e as Error);
        // invalid_grant comes only after the client authenticated, so nobody can spend another client's allowance
        if (err.name === 'invalid_grant' && grant === 'password' && creds && username) logins.fail(creds.id, username);
        if (err.name === 'invalid_grant' && grant === 'refresh_token' && creds) refreshes.fail(creds.id, address);
        tokenRequests.inc({ grant_type: grant, outcome: err.name });
        if ((err.code ?? 500) >= 500) request.log.error({ err: (e as Error).message }, 'token endpoint failure');
        return oauthError(reply, err.code ?? 500, err.name, err.message);
      }
      if (grant === 'password' && creds) logins.succeed(creds.id, username);
      tokenRequests.inc({ grant_type: grant, outcome: 'ok' });
      const out = res.body as Record<string, unknown>;
      if (Array.isArray(out.scope)) out.scope = out.scope.join(' ');
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(out);
    },
  );
}
