import { hash } from '@node-rs/bcrypt';
import {
  addressKey,
  badRequest,
  conflict,
  HttpError,
  schemaOf,
  type ErrorDetail,
  type ServiceApp,
} from '@marketshare/service-kit';
import { accountNewMessage } from '../domain/account-messages.js';
import { passwordProblem } from '../domain/passwords.js';
import { ownView } from '../domain/user-view.js';
import { createOrganization, findOrCreateNamed } from '../db/reference-data.js';
import { insertAccount, queueEmail } from '../db/account-writes.js';
import { banks } from '../db/schema.js';
import { hitLimit, type Limit } from '../db/rate-limits.js';
import { duplicateKeyName, inTransaction, isDuplicateKey } from '../db/store.js';
import { findUserRecord } from '../db/user-queries.js';
import type { UsersDeps } from '../deps.js';
import { canonicalUsername, usersApi as api } from '@marketshare/contracts';

export const tooManyRequests = (seconds: number, what: string) =>
  new HttpError(429, 'rate_limited', `Too many ${what}; try again in ${seconds} s`, undefined, { 'retry-after': String(seconds) }).withParams({ seconds });

/** The domain a welcome mail goes to, as one spelling: lower case, without a trailing dot. */
export const recipientDomain = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase().replace(/\.+$/, '');

export function registrationRoutes(app: ServiceApp, deps: UsersDeps): void {
  const { config, db } = deps;
  // Every limit lives in users' database, so replicas share one budget (docs/design.md §7). Registrations are
  // counted by client and caller address: every browser registers through the one web client, so a limit on the
  // client alone would let one abuser lock everybody out.
  const perCaller: Limit = { name: 'registrations', limit: config.REGISTRATIONS_PER_MINUTE, windowMs: 60_000 };
  const perUsername: Limit = { name: 'registration-username', limit: config.REGISTRATION_ATTEMPTS_PER_USERNAME, windowMs: 60_000 };
  // Addresses are not verified before the welcome mail, so a stranger could register accounts in a victim's name to
  // mail them: welcome mails per recipient domain are limited, and beyond the limit the account is made without one.
  const welcomePerDomain: Limit = { name: 'welcome-mail-domain', limit: config.WELCOME_MAILS_PER_DOMAIN, windowMs: 60 * 60_000 };
  const registered = app.metrics.counter('users_registered_total', 'Accounts registered, by role', ['role']);
  const withheld = app.metrics.counter('users_welcome_mails_withheld_total', 'Welcome mails not sent: their recipient domain was over its limit');

  app.post(
    api.register.path,
    {
      schema: schemaOf(api.register),
      // the client is checked before the body is even parsed: an unauthenticated caller learns nothing
      onRequest: async (request) => {
        const clientId = await deps.authenticateClient(request.headers.authorization);
        const wait = await hitLimit(db, perCaller, `${clientId}|${addressKey(request.ip)}`);
        if (wait) throw tooManyRequests(wait, 'registrations');
      },
      preHandler: async (request) => {
        const wait = await hitLimit(db, perUsername, canonicalUsername(request.body.username) ?? request.body.username);
        if (wait) throw tooManyRequests(wait, 'attempts for this username');
      },
    },
    async (request, reply) => {
      const body = request.body;
      const problems: ErrorDetail[] = [];
      const weak = passwordProblem(body.password);
      if (weak) problems.push({ field: 'password', message: weak, code: 'weak_password' });
      const country = deps.countries.get(body.country);
      if (!country) problems.push({ field: 'country', message: 'is not an ISO 3166-1 alpha-2 country code', code: 'unknown_country' });
      if (body.role === 'seller' && body.bank !== undefined) problems.push({ field: 'bank', message: 'is only for consumer accounts', code: 'consumers_only' });
      if (problems.length || !country) throw badRequest(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);

      const passwordHash = await hash(body.password, config.BCRYPT_COST);
      const locale = body.locale ?? 'es';
      let id: number;
      try {
        // One transaction: the organization, bank, user, balance and ACCOUNT_NEW message exist together or not at all.
        id = await inTransaction(db, async (tx) => {
          const organizationId = await createOrganization(tx, body.organization.trim());
          const bankId = body.bank === undefined ? null : await findOrCreateNamed(tx, banks, body.bank.trim());
          const userId = await insertAccount(tx, {
            username: body.username,
            email: body.email,
            passwordHash,
            role: body.role,
            countryCode: country.code,
            organizationId,
            bankId,
            locale,
          });
          // counted in the account's transaction: a registration that fails takes its count back
          if ((await hitLimit(tx, welcomePerDomain, recipientDomain(body.email))) > 0) {
            withheld.inc();
          } else {
            const message = accountNewMessage({ username: body.username, email: body.email, role: body.role, locale }, config.PUBLIC_URL);
            await queueEmail(tx, message, config.EMAIL_EXCHANGE);
          }
          return userId;
        });
      } catch (e) {
        if (isDuplicateKey(e) && ['users_username_unique', 'users_username_key_unique'].includes(duplicateKeyName(e) ?? '')) throw conflict('This username is taken', 'username_taken');
        throw e;
      }
      deps.outbox.notify();
      registered.inc({ role: body.role });
      const record = await findUserRecord(db, id);
      return reply.status(201).header('location', `/api/users/${id}`).send(ownView(record!));
    },
  );
}
