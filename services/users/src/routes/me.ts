import { usersApi as api } from '@marketshare/contracts';
import { badRequest, currentUser, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { accountChangedMessage, profileChanges, type EditableProfile } from '../domain/account-messages.js';
import { ownView } from '../domain/user-view.js';
import { findOrCreateNamed, organizationNamed } from '../db/reference-data.js';
import { lockEditableProfile, queueEmail, updateProfile } from '../db/account-writes.js';
import { banks } from '../db/schema.js';
import { inTransaction } from '../db/store.js';
import type { UsersDeps } from '../deps.js';

/** The signed-in person's own account: read it, and change what they may change. */
export function meRoutes(app: ServiceApp, deps: UsersDeps): void {
  const { db, config } = deps;

  const ownRecord = async (id: number) => {
    const record = await deps.userRecord(id);
    if (!record) throw notFound('User');
    return record;
  };

  app.get(
    api.me.path,
    { preHandler: app.guards.user, schema: schemaOf(api.me) },
    async (request) => {
      const record = await ownRecord(currentUser(request).id);
      return ownView(record, request.query.locale ?? record.locale);
    },
  );

  app.patch(
    api.updateMe.path,
    { preHandler: app.guards.user, schema: schemaOf(api.updateMe) },
    async (request) => {
      const me = currentUser(request);
      const body = request.body;
      const country = body.country === undefined ? undefined : deps.countries.get(body.country);
      if (body.country !== undefined && !country) {
        throw badRequest('country is not an ISO 3166-1 alpha-2 country code', [{ field: 'country', message: 'is not an ISO 3166-1 alpha-2 country code', code: 'unknown_country' }]);
      }
      const changed = await inTransaction(db, async (tx) => {
        const current = await lockEditableProfile(tx, me.id);
        if (!current) throw notFound('User');
        const next: EditableProfile = {
          email: body.email ?? current.email,
          countryCode: country?.code ?? current.countryCode,
          // a new name is a new organization of the account's own, never another account's of that name
          organizationId: body.organization === undefined ? current.organizationId : await organizationNamed(tx, current.organizationId, body.organization.trim()),
          bankId: body.bank === undefined ? current.bankId : body.bank === null ? null : await findOrCreateNamed(tx, banks, body.bank.trim()),
          locale: body.locale ?? current.locale,
        };
        const changes = profileChanges(current, next);
        if (!changes.length) return false;
        await updateProfile(tx, me.id, next);
        // A new address is announced to the previous one, so that address's owner hears of a change they did not make.
        const message = accountChangedMessage({ username: current.username, email: current.email, locale: next.locale }, changes, config.PUBLIC_URL);
        await queueEmail(tx, message, config.EMAIL_EXCHANGE);
        return true;
      });
      if (changed) deps.outbox.notify();
      return ownView(await ownRecord(me.id));
    },
  );
}
