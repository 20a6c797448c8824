import { notFound, Type, type ServiceApp } from '@marketshare/service-kit';
import { IdParam, Page, Pagination } from '@marketshare/contracts';
import { ownView, publicView } from '../domain/user-view.js';
import { listUserRecords } from '../db/user-queries.js';
import type { UsersDeps } from '../deps.js';
import { LocaleField, LocaleQuery, OwnUserSchema, PublicUserSchema, RoleField } from './shapes.js';

const DirectoryQuery = Type.Object({
  ...Pagination.properties,
  role: Type.Optional(RoleField),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Part of a username' })),
  locale: Type.Optional(LocaleField),
});

/** Public profiles and the directory: open to guests, and never another person's e-mail, bank or balance. */
export function userRoutes(app: ServiceApp, deps: UsersDeps): void {
  app.get(
    '/api/users/:id',
    {
      preHandler: app.guards.optional,
      schema: {
        summary: 'A public profile (the full account when it is the caller’s own)',
        tags: ['users'],
        params: IdParam,
        querystring: LocaleQuery,
        response: { 200: Type.Union([OwnUserSchema, PublicUserSchema]) },
      },
    },
    async (request) => {
      const record = await deps.userRecord(request.params.id);
      if (!record) throw notFound('User');
      const viewer = request.principal;
      const own = viewer?.kind === 'user' && viewer.id === record.id;
      return own ? ownView(record, request.query.locale ?? record.locale) : publicView(record, request.query.locale ?? 'es');
    },
  );

  app.get(
    '/api/users',
    {
      schema: { summary: 'The directory of users, newest first', tags: ['users'], querystring: DirectoryQuery, response: { 200: Page(PublicUserSchema) } },
    },
    async (request) => {
      const { page = 1, pageSize = 20, role, q, locale = 'es' } = request.query;
      const { items, total } = await listUserRecords(deps.db, { role, q }, page, pageSize);
      return { items: items.map((u) => publicView(u, locale)), page, pageSize, total };
    },
  );
}
