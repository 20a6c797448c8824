import { notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { usersApi as api } from '@marketshare/contracts';
import { ownView, publicView } from '../domain/user-view.js';
import { listUserRecords } from '../db/user-queries.js';
import type { UsersDeps } from '../deps.js';

/** Public profiles and the directory: open to guests, and never another person's e-mail, bank or balance. */
export function userRoutes(app: ServiceApp, deps: UsersDeps): void {
  app.get(
    api.get.path,
    { preHandler: app.guards.optional, schema: schemaOf(api.get) },
    async (request) => {
      const record = await deps.userRecord(request.params.id);
      if (!record) throw notFound('User');
      const viewer = request.principal;
      const own = viewer?.kind === 'user' && viewer.id === record.id;
      return own ? ownView(record, request.query.locale ?? record.locale) : publicView(record, request.query.locale ?? 'es');
    },
  );

  app.get(
    api.list.path,
    { schema: schemaOf(api.list) },
    async (request) => {
      const { page = 1, pageSize = 20, role, q, locale = 'es' } = request.query;
      const { items, total } = await listUserRecords(deps.db, { role, q }, page, pageSize);
      return { items: items.map((u) => publicView(u, locale)), page, pageSize, total };
    },
  );
}
