import { AuthenticatedClient, ClientAuthenticationBody, IdParam } from '@marketshare/contracts';
import { HttpError, type ServiceApp } from '@marketshare/service-kit';
import type { AuthDeps } from '../app.js';

/** Service-only endpoints; the gateway never routes /internal. */
export async function internalRoutes(app: ServiceApp, deps: AuthDeps) {
  app.post(
    '/internal/users/:id/revoke-tokens',
    { preHandler: app.guards.service('users-service'), schema: { params: IdParam, hide: true } },
    async (request, reply) => {
      const revoked = await deps.refresh.revokeUser(request.params.id);
      request.log.info({ userId: request.params.id, revoked }, 'revoked refresh tokens of a user');
      return reply.status(204).send();
    },
  );

  // Users authenticates the clients that register accounts here, so auth stays the only holder of their secrets.
  app.post(
    '/internal/clients/authenticate',
    {
      preHandler: app.guards.service('users-service'),
      schema: { body: ClientAuthenticationBody, response: { 200: AuthenticatedClient }, hide: true },
    },
    async (request) => {
      const client = deps.clients.authenticate(request.body.clientId, request.body.secret);
      if (!client) throw new HttpError(401, 'invalid_client', 'Client authentication failed');
      return { clientId: client.id, grants: client.grants };
    },
  );
}
