import { usersApi as api, type StatementQuery } from '@marketshare/contracts';
import { badRequest, conflict, currentUser, HttpError, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { CURRENCY } from '../domain/balance.js';
import { statementCsv, statementEntry } from '../domain/statement.js';
import { withdrawalMessage } from '../domain/account-messages.js';
import { countStatementRows, findBalance, statementRows, type StatementFilter } from '../db/statement.js';
import { findPasswordAccount, queueEmail } from '../db/account-writes.js';
import { withdraw } from '../db/withdrawals.js';
import type { UsersDeps } from '../deps.js';

const DAY_MS = 86_400_000;

/** The query's date range as instants: `to` names the last day included. */
function filterOf(userId: number, q: StatementQuery): StatementFilter {
  const from = q.from === undefined ? undefined : new Date(`${q.from}T00:00:00Z`);
  const until = q.to === undefined ? undefined : new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS);
  if (from && until && from >= until) throw badRequest('from is after to', [{ field: 'from', message: 'is after to', code: 'date_range' }]);
  return { userId, kind: q.kind, from, until };
}

/** Everybody's own money: the statement (page and CSV) and withdrawals to their bank. */
export function ledgerRoutes(app: ServiceApp, deps: UsersDeps): void {
  const { db, config } = deps;

  app.get(
    api.statement.path,
    { preHandler: app.guards.user, schema: schemaOf(api.statement) },
    async (request) => {
      const me = currentUser(request);
      const { page = 1, pageSize = 20 } = request.query;
      const filter = filterOf(me.id, request.query);
      const [rows, total, balance] = await Promise.all([
        statementRows(db, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
        countStatementRows(db, filter),
        findBalance(db, me.id),
      ]);
      return { items: rows.map(statementEntry), page, pageSize, total, balance: { amount: balance, currency: CURRENCY } };
    },
  );

  app.get(
    api.statementCsv.path,
    { preHandler: app.guards.user, schema: schemaOf(api.statementCsv) },
    async (request, reply) => {
      const rows = await statementRows(db, filterOf(currentUser(request).id, request.query));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="statement.csv"')
        .header('cache-control', 'no-store')
        .send(statementCsv(rows.map(statementEntry), CURRENCY));
    },
  );

  app.post(
    api.withdraw.path,
    { preHandler: app.guards.user, schema: schemaOf(api.withdraw) },
    async (request) => {
      const me = currentUser(request);
      const amount = request.body.amount;
      // the e-mail is queued in the withdrawal's own transaction: sent once if and only if the money left
      const result = await withdraw(db, me.id, amount, request.headers['idempotency-key'], async (tx, made) => {
        const account = await findPasswordAccount(tx, me.id);
        if (account) await queueEmail(tx, withdrawalMessage(account, made, config.PUBLIC_URL), config.EMAIL_EXCHANGE);
      });
      if (!result.ok) {
        if (result.reason === 'no_bank') throw conflict('Name a bank on your profile first', 'no_bank');
        if (result.reason === 'key_reused') throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
        // what is missing, so the person is told how much, in their own language and money format
        throw conflict('The balance does not cover this withdrawal', 'insufficient_funds')
          .withParams({ missing: amount - result.balance, balance: result.balance, currency: CURRENCY });
      }
      deps.outbox.notify();
      return { id: result.id, amount: result.amount, bank: result.bank, balance: { amount: result.balance, currency: CURRENCY } };
    },
  );
}
