import { hash } from '@node-rs/bcrypt';
import {
  badRequest,
  conflict,
  HttpError,
  schemaOf,
  type ErrorDetail,
  type ServiceApp,
} from '@marketshare/service-kit';
import { accountNewMessage } from '../domain/account-messages.js';
import { passwordProblem } from '../domain/passwords.js';
import { RateLimiter } from '../domain/rate-limit.js';
import { ownView } from '../domain/user-view.js';
import { findOrCreateNamed } from '../db/reference-data.js';
import { insertAccount, queueEmail } from '../db/account-writes.js';
import { banks, organizations } from '../db/schema.js';
import { duplicateKeyName, inTransaction, isDuplicateKey } from '../db/store.js';
import { findUserRecord } from '../db/user-queries.js';
import type { UsersDeps } from '../deps.js';
import { canonicalUsername, usersApi as api } from '@marketshare/contracts';

export const tooManyRequests = (seconds: number, what: string) =>
  new HttpError(429, 'rate_limited', `Too many ${what}; try again in ${seconds} s`, undefined, { 'retry-after': String(seconds) });

export function registrationRoutes(app: ServiceApp, deps: UsersDeps): void {
  const { config, db } = deps;
  // Keyed by client and caller address: every browser registers through the one web client, so a limit on the
  // client alone would let one abuser lock everybody out.
  const perCaller = new RateLimiter(config.REGISTRATIONS_PER_MINUTE, 60_000);
  const perUsername = new RateLimiter(config.REGISTRATION_ATTEMPTS_PER_USERNAME, 60_000);
  const registered = app.metrics.counter('users_registered_total', 'Accounts registered, by role', ['role']);

  app.post(
    api.register.path,
    {
      schema: schemaOf(api.register),
      // the client is checked before the body is even parsed: an unauthenticated caller learns nothing
      onRequest: async (request) => {
        const clientId = await deps.authenticateClient(request.headers.authorization);
        const wait = perCaller.hit(`${clientId}|${request.ip}`);
        if (wait) throw tooManyRequests(wait, 'registrations');
      },
      preHandler: async (request) => {
        const wait = perUsername.hit(canonicalUsername(request.body.username) ?? request.body.username);
        if (wait) throw tooManyRequests(wait, 'attempts for this username');
      },
    },
    async (request, reply) => {
      const body = request.body;
      const problems: ErrorDetail[] = [];
      const weak = passwordProblem(body.password);
      if (weak) problems.push({ field: 'password', message: weak });
      const country = deps.countries.get(body.country);
      if (!country) problems.push({ field: 'country', message: 'is not an ISO 3166-1 alpha-2 country code' });
      if (body.role === 'seller' && body.bank !== undefined) problems.push({ field: 'bank', message: 'is only for consumer accounts' });
      if (problems.length || !country) throw badRequest(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);

      const passwordHash = await hash(body.password, config.BCRYPT_COST);
      const locale = body.locale ?? 'es';
      let id: number;
      try {
        // One transaction: the organization, bank, user, balance and ACCOUNT_NEW message exist together or not at all.
        id = await inTransaction(db, async (tx) => {
          const organizationId = await findOrCreateNamed(tx, organizations, body.organization.trim());
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
          const message = accountNewMessage({ username: body.username, email: body.email, role: body.role, locale }, config.PUBLIC_URL);
          await queueEmail(tx, message, config.EMAIL_EXCHANGE);
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
