import { authApi as api } from '@marketshare/contracts';
import { HttpError, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import type { AuthDeps } from '../deps.js';

/** Service-only endpoints, registered among the /internal routes (their guard is the contracts' callers). */
export async function internalRoutes(app: ServiceApp, deps: AuthDeps) {
  app.post(
    api.revokeUserTokens.path,
    { schema: schemaOf(api.revokeUserTokens) },
    async (request, reply) => {
      const revoked = await deps.refresh.revokeUser(request.params.id, request.query.keepSession);
      request.log.info({ userId: request.params.id, revoked }, 'ended the sessions of a user');
      return reply.status(204).send(null);
    },
  );

  // Users authenticates the clients that register accounts here, so auth stays the only holder of their secrets.
  app.post(
    api.authenticateClient.path,
    { schema: schemaOf(api.authenticateClient) },
    async (request) => {
      const client = deps.clients.authenticate(request.body.clientId, request.body.secret);
      if (!client) throw new HttpError(401, 'invalid_client', 'Client authentication failed');
      return { clientId: client.id, grants: client.grants };
    },
  );
}
