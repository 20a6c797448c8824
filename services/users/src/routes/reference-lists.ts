import { usersApi as api } from '@marketshare/contracts';
import { schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { listNamed } from '../db/reference-data.js';
import { banks, organizations } from '../db/schema.js';
import type { UsersDeps } from '../deps.js';
import { countryName } from '../domain/user-view.js';

/** Countries and banks feed the registration form (organizations are each account's own); a cap keeps one answer bounded. */
const MAX_NAMES = 1000;

/** Countries, banks and organizations: open to guests (the registration form needs them). */
export function referenceListRoutes(app: ServiceApp, deps: UsersDeps): void {
  app.get(
    api.countries.path,
    { schema: schemaOf(api.countries) },
    async (request, reply) => {
      const locale = request.query.locale ?? 'es';
      reply.header('cache-control', 'public, max-age=3600');
      return deps.countries.list(locale).map((c) => ({ code: c.code, name: countryName(c, locale), nameEn: c.nameEn, nameEs: c.nameEs }));
    },
  );

  for (const [endpoint, table] of [
    [api.banks, banks],
    [api.organizations, organizations],
  ] as const) {
    app.get(endpoint.path, { schema: schemaOf(endpoint) }, async (request) => listNamed(deps.db, table, request.query.q, MAX_NAMES));
  }
}
