import { eq } from 'drizzle-orm';
import { badRequest, currentUser, notFound, outboxMessage, Type, type ServiceApp } from '@marketshare/service-kit';
import { accountChangedMessage, profileChanges, type EditableProfile } from '../domain/account-messages.js';
import { ownView } from '../domain/user-view.js';
import { findOrCreateNamed } from '../db/reference-data.js';
import { banks, organizations, outbox, users } from '../db/schema.js';
import { inTransaction } from '../db/store.js';
import type { UsersDeps } from '../deps.js';
import { CountryCode, Email, LocaleField, LocaleQuery, Name, OwnUserSchema } from './shapes.js';

const ProfileUpdate = Type.Object(
  {
    email: Type.Optional(Email),
    country: Type.Optional(CountryCode),
    organization: Type.Optional(Name),
    bank: Type.Optional(Type.Union([Name, Type.Null()], { description: 'Consumers only; null removes it' })),
    locale: Type.Optional(LocaleField),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The signed-in person's own account: read it, and change what they may change. */
export function meRoutes(app: ServiceApp, deps: UsersDeps): void {
  const { db, config } = deps;

  const ownRecord = async (id: number) => {
    const record = await deps.userRecord(id);
    if (!record) throw notFound('User');
    return record;
  };

  app.get(
    '/api/users/me',
    {
      preHandler: app.guards.user,
      schema: { summary: 'The signed-in user, with e-mail and balance', tags: ['users'], security: [{ bearer: [] }], querystring: LocaleQuery, response: { 200: OwnUserSchema } },
    },
    async (request) => {
      const record = await ownRecord(currentUser(request).id);
      return ownView(record, request.query.locale ?? record.locale);
    },
  );

  app.patch(
    '/api/users/me',
    {
      preHandler: app.guards.user,
      schema: {
        summary: 'Change e-mail, country, organization, bank or locale',
        tags: ['users'],
        security: [{ bearer: [] }],
        body: ProfileUpdate,
        response: { 200: OwnUserSchema },
      },
    },
    async (request) => {
      const me = currentUser(request);
      const body = request.body;
      const country = body.country === undefined ? undefined : deps.countries.get(body.country);
      if (body.country !== undefined && !country) {
        throw badRequest('country is not an ISO 3166-1 alpha-2 country code', [{ field: 'country', message: 'is not an ISO 3166-1 alpha-2 country code' }]);
      }
      if (body.bank !== undefined && me.role !== 'consumer') {
        throw badRequest('bank is only for consumer accounts', [{ field: 'bank', message: 'is only for consumer accounts' }]);
      }
      const changed = await inTransaction(db, async (tx) => {
        const [current] = await tx
          .select({
            username: users.username,
            email: users.email,
            countryCode: users.countryCode,
            organizationId: users.organizationId,
            bankId: users.bankId,
            locale: users.locale,
          })
          .from(users)
          .where(eq(users.id, me.id))
          .for('update');
        if (!current) throw notFound('User');
        const next: EditableProfile = {
          email: body.email ?? current.email,
          countryCode: country?.code ?? current.countryCode,
          organizationId: body.organization === undefined ? current.organizationId : await findOrCreateNamed(tx, organizations, body.organization.trim()),
          bankId: body.bank === undefined ? current.bankId : body.bank === null ? null : await findOrCreateNamed(tx, banks, body.bank.trim()),
          locale: body.locale ?? current.locale,
        };
        const changes = profileChanges(current, next);
        if (!changes.length) return false;
        await tx.update(users).set(next).where(eq(users.id, me.id));
        // A new address is announced to the previous one, so that address's owner hears of a change they did not make.
        const message = accountChangedMessage({ username: current.username, email: current.email, locale: next.locale }, changes, config.PUBLIC_URL);
        await tx.insert(outbox).values(outboxMessage(message, config.EMAIL_EXCHANGE));
        return true;
      });
      if (changed) deps.outbox.notify();
      return ownView(await ownRecord(me.id));
    },
  );
}
