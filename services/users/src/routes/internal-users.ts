import { verify } from '@node-rs/bcrypt';
import { HttpError, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { MAX_PASSWORD_BYTES, canonicalUsername, usersApi as api } from '@marketshare/contracts';
import { countryName } from '../domain/user-view.js';
import { findCredentials, findUserRecord } from '../db/user-queries.js';
import type { UsersDeps } from '../deps.js';

const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'Wrong username or password');

/** What other services may ask about people, with service tokens only (the gateway never routes /internal). */
export function internalUserRoutes(app: ServiceApp, deps: UsersDeps): void {
  app.post(
    api.verifyCredentials.path,
    { schema: schemaOf(api.verifyCredentials) },
    async (request) => {
      const { username, password } = request.body;
      const key = canonicalUsername(username);
      const found = key === undefined ? undefined : await findCredentials(deps.db, key);
      // an unknown name costs one bcrypt check too, so response times do not tell which usernames exist
      const matches = await verify(password, found?.passwordHash ?? deps.passwordDecoy);
      // bcrypt ignores bytes past 72; no stored password is longer, so a longer one cannot be right
      if (!found || !matches || Buffer.byteLength(password) > MAX_PASSWORD_BYTES) throw invalidCredentials();
      return { id: found.id, username: found.username, role: found.role, locale: found.locale, email: found.email };
    },
  );

  app.get(
    api.contact.path,
    { schema: schemaOf(api.contact) },
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
