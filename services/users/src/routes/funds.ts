import { conflict, currentUser, HttpError, notFound, Type, type ServiceApp } from '@marketshare/service-kit';
import { IdempotencyKeyHeaders } from '@marketshare/contracts';
import { CURRENCY, MAX_TOP_UP } from '../domain/balance.js';
import { ownView } from '../domain/user-view.js';
import { topUp } from '../db/ledger.js';
import { findUserRecord } from '../db/user-queries.js';
import type { UsersDeps } from '../deps.js';
import { OwnUserSchema } from './shapes.js';

const TopUp = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: MAX_TOP_UP, description: 'Minor units (centavos) to add' }) },
  { additionalProperties: false },
);

/** Consumers fund their balance; money moves only through the ledger, never by writing a balance. */
export function fundsRoutes(app: ServiceApp, deps: UsersDeps): void {
  app.post(
    '/api/users/me/funds',
    {
      preHandler: app.guards.role('consumer'),
      schema: {
        summary: 'Add funds to the consumer balance. Idempotency-Key makes a retried request credit once and answer as the first.',
        tags: ['users'],
        security: [{ bearer: [] }],
        headers: IdempotencyKeyHeaders,
        body: TopUp,
        response: { 200: OwnUserSchema },
      },
    },
    async (request) => {
      const me = currentUser(request);
      const result = await topUp(deps.db, me.id, request.body.amount, request.headers['idempotency-key']);
      if (!result.ok) {
        if (result.reason === 'balance_limit') throw conflict('The balance would exceed its limit', 'balance_limit');
        if (result.reason === 'key_reused') {
          throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different top-up');
        }
        throw notFound('Consumer balance');
      }
      const record = await findUserRecord(deps.db, me.id);
      if (!record) throw notFound('User');
      // the balance this credit left, not whatever moved it since: a retry answers exactly as the first request did
      return { ...ownView(record), balance: { amount: result.balance, currency: CURRENCY } };
    },
  );
}
