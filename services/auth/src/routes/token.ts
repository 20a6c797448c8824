import OAuth2Server from '@node-oauth/oauth2-server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authApi as api, canonicalUsername } from '@marketshare/contracts';
import { addressKey, clientCredentials, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import type { AuthDeps } from '../deps.js';
import { oauthModel } from '../oauth-model.js';
import type { Counted, FailureLimit } from '../domain/failure-limiter.js';
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
  const window = 15 * 60_000;
  const perAccount: FailureLimit = { name: 'login-account', limit: deps.config.LOGIN_FAILURES_PER_WINDOW, windowMs: window };
  const perAddress: FailureLimit = { name: 'login-address', limit: deps.config.LOGIN_FAILURES_PER_ADDRESS, windowMs: window };
  // A refused refresh token names no user, so refreshes count per end-user address instead. Only refusals count:
  // a client that refreshes normally never adds to it, however often. The web app calls from one server address
  // for everybody and forwards each person's address in X-Forwarded-For (the one hop services trust), so a person
  // replaying bad cookies through it stops only themselves.
  const refreshes: FailureLimit = {
    name: 'refresh-address',
    limit: deps.config.REFRESH_FAILURES_PER_WINDOW,
    windowMs: deps.config.REFRESH_FAILURE_WINDOW * 1000,
  };
  const tokenRequests = app.metrics.counter('oauth_token_requests_total', 'Token requests by grant and outcome', ['grant_type', 'outcome']);

  app.post(
    api.token.path,
    { schema: schemaOf(api.token) },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const body = (request.body ?? {}) as Record<string, string>;
      const grant = typeof body.grant_type === 'string' ? body.grant_type : 'none';
      const creds = clientCredentials(request.headers.authorization, body);
      const address = addressKey(request.ip);
      // Service tokens are for the deployment's inside: the gateway marks every request from outside.
      if (grant === 'client_credentials' && request.headers['x-marketshare-gateway'] !== undefined) {
        tokenRequests.inc({ grant_type: grant, outcome: 'unauthorized_client' });
        return oauthError(reply, 400, 'unauthorized_client', 'client_credentials is not available through the public gateway');
      }
      // Credential fields are capped before anything is counted, looked up or stored.
      const tooLong = ['username', 'password', 'refresh_token', 'scope'].find((f) => typeof body[f] === 'string' && body[f].length > 1024);
      if (tooLong) return oauthError(reply, 400, 'invalid_request', `${tooLong} is too long`);
      // Limits count only for a client that authenticated, so nobody can spend another client's allowance.
      const client = creds && deps.clients.authenticate(creds.id, creds.secret);
      let counted: Counted[] = [];
      if (client && grant === 'password') {
        const raw = typeof body.username === 'string' ? body.username : '';
        const username = canonicalUsername(raw);
        // a name no account can have is refused before it is counted or looked up
        if (username === undefined) {
          tokenRequests.inc({ grant_type: grant, outcome: 'invalid_grant' });
          return oauthError(reply, 400, 'invalid_grant', 'Invalid grant: user credentials are invalid');
        }
        body.username = username;
        counted = [
          { limit: perAccount, clientId: client.id, who: username },
          { limit: perAddress, clientId: client.id, who: address },
        ];
      } else if (client && grant === 'refresh_token') {
        counted = [{ limit: refreshes, clientId: client.id, who: address }];
      }
      const attempt = counted.length ? await deps.failures.begin(counted) : { ids: [] };
      if ('wait' in attempt) {
        tokenRequests.inc({ grant_type: grant, outcome: 'rate_limited' });
        return tooManyFailures(reply, attempt.wait, grant === 'password' ? 'failed logins' : 'refused refresh tokens');
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
        // only a refused grant is a failure; anything else takes its attempt back
        if (err.name !== 'invalid_grant') await deps.failures.forget(attempt.ids);
        tokenRequests.inc({ grant_type: grant, outcome: err.name });
        if ((err.code ?? 500) >= 500) request.log.error({ err: (e as Error).message }, 'token endpoint failure');
        return oauthError(reply, err.code ?? 500, err.name, err.message);
      }
      await deps.failures.forget(attempt.ids);
      if (grant === 'password' && counted[0]) await deps.failures.clear(counted[0]);
      tokenRequests.inc({ grant_type: grant, outcome: 'ok' });
      const out = res.body as Record<string, unknown>;
      if (Array.isArray(out.scope)) out.scope = out.scope.join(' ');
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(out);
    },
  );
}
