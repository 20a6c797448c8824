import { verify } from '@node-rs/bcrypt';
import { HttpError, notFound, Type, type ServiceApp } from '@marketshare/service-kit';
import { IdParam } from '@marketshare/contracts';
import { MAX_PASSWORD_BYTES } from '../domain/passwords.js';
import { countryName } from '../domain/user-view.js';
import { findCredentials, findUserRecord } from '../db/user-queries.js';
import type { UsersDeps } from '../deps.js';
import { LocaleField, RoleField } from './shapes.js';

const CredentialsBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
const VerifiedUser = Type.Object({ id: Type.Integer(), username: Type.String(), role: RoleField, locale: LocaleField, email: Type.String() });
const ContactDetails = Type.Object({
  ...VerifiedUser.properties,
  organization: Type.Object({ id: Type.Integer(), name: Type.String() }),
  country: Type.Object({ code: Type.String(), name: Type.String() }),
});

const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'Wrong username or password');

/** What other services may ask about people, with service tokens only (the gateway never routes /internal). */
export function internalUserRoutes(app: ServiceApp, deps: UsersDeps): void {
  app.post(
    '/internal/credentials/verify',
    {
      preHandler: app.guards.service('auth-service'),
      schema: { hide: true, body: CredentialsBody, response: { 200: VerifiedUser } },
    },
    async (request) => {
      const { username, password } = request.body;
      const found = await findCredentials(deps.db, username);
      // an unknown name costs one bcrypt check too, so response times do not tell which usernames exist
      const matches = await verify(password, found?.passwordHash ?? deps.passwordDecoy);
      // bcrypt ignores bytes past 72; no stored password is longer, so a longer one cannot be right
      if (!found || !matches || Buffer.byteLength(password) > MAX_PASSWORD_BYTES) throw invalidCredentials();
      return { id: found.id, username: found.username, role: found.role, locale: found.locale, email: found.email };
    },
  );

  app.get(
    '/internal/users/:id',
    { preHandler: app.guards.service(), schema: { hide: true, params: IdParam, response: { 200: ContactDetails } } },
    async (request) => {
      const u = await findUserRecord(deps.db, request.params.id);
      if (!u) throw notFound('User');
      return {
        id: u.id,
        username: u.username,
        email: u.email,
        role: u.role,
        locale: u.locale,
        organization: { id: u.organizationId, name: u.organizationName },
        country: { code: u.countryCode, name: countryName({ nameEs: u.countryNameEs, nameEn: u.countryNameEn }, u.locale) },
      };
    },
  );
}
