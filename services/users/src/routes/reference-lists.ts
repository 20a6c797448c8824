import { Type, type ServiceApp } from '@marketshare/service-kit';
import { listNamed } from '../db/reference-data.js';
import { banks, organizations } from '../db/schema.js';
import type { UsersDeps } from '../deps.js';
import { countryName } from '../domain/user-view.js';
import { LocaleQuery, NamedSchema } from './shapes.js';

const NamesQuery = Type.Object({ q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Start of the name' })) });
/** The lists feed the registration form's suggestions; a cap keeps one answer bounded however many exist. */
const MAX_NAMES = 1000;
const CountrySchema = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), nameEs: Type.String() });

/** Countries, banks and organizations: open to guests (the registration form needs them). */
export function referenceListRoutes(app: ServiceApp, deps: UsersDeps): void {
  app.get(
    '/api/countries',
    {
      schema: {
        summary: 'ISO 3166-1 countries, `name` in the asked locale (default es), sorted by it',
        tags: ['reference'],
        querystring: LocaleQuery,
        response: { 200: Type.Array(CountrySchema) },
      },
    },
    async (request, reply) => {
      const locale = request.query.locale ?? 'es';
      reply.header('cache-control', 'public, max-age=3600');
      return deps.countries.list(locale).map((c) => ({ code: c.code, name: countryName(c, locale), nameEn: c.nameEn, nameEs: c.nameEs }));
    },
  );

  for (const [path, table, what] of [
    ['/api/banks', banks, 'Banks'],
    ['/api/organizations', organizations, 'Organizations'],
  ] as const) {
    app.get(
      path,
      { schema: { summary: `${what} by name`, tags: ['reference'], querystring: NamesQuery, response: { 200: Type.Array(NamedSchema) } } },
      async (request) => listNamed(deps.db, table, request.query.q, MAX_NAMES),
    );
  }
}
