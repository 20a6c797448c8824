import { conflict, currentUser, HttpError, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { usersApi as api } from '@marketshare/contracts';
import { CURRENCY, MAX_BALANCE } from '../domain/balance.js';
import { ownView } from '../domain/user-view.js';
import { topUp } from '../db/ledger.js';
import { findUserRecord } from '../db/user-queries.js';
import type { UsersDeps } from '../deps.js';

/** Consumers fund their balance; money moves only through the ledger, never by writing a balance. */
export function fundsRoutes(app: ServiceApp, deps: UsersDeps): void {
  app.post(
    api.addFunds.path,
    { preHandler: app.guards.role('consumer'), schema: schemaOf(api.addFunds) },
    async (request) => {
      const me = currentUser(request);
      const result = await topUp(deps.db, me.id, request.body.amount, request.headers['idempotency-key']);
      if (!result.ok) {
        if (result.reason === 'balance_limit') {
          throw conflict('The balance would exceed its limit', 'balance_limit').withParams({ limit: MAX_BALANCE, currency: CURRENCY });
        }
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
