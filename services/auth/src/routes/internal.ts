import { IdParam } from '@marketshare/contracts';
import type { ServiceApp } from '@marketshare/service-kit';
import type { AuthDeps } from '../deps.js';

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
}
