import { usersApi as api } from '@marketshare/contracts';
import { conflict, HttpError, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { debitForOrder, refundForOrder, type BalanceResult } from '../db/ledger.js';
import type { UsersDeps } from '../deps.js';

/** The failure of a balance operation as an HTTP error, in the words of docs/internals.md. */
function balanceError(result: Exclude<BalanceResult, { ok: true }>, orderId: number): HttpError {
  switch (result.reason) {
    case 'insufficient_funds':
      return conflict('The balance does not cover this order', 'insufficient_funds');
    case 'order_mismatch':
      return conflict(`Order ${orderId} was already charged to another consumer or amount`, 'order_mismatch');
    case 'not_debited':
      return new HttpError(404, 'not_debited', `Order ${orderId} was never debited`);
    case 'balance_limit':
      return conflict('The balance would exceed its limit', 'balance_limit');
    case 'no_consumer':
      return notFound('Consumer');
  }
}

/** Debits and refunds for orders: orders-service only, each idempotent per order id. */
export function internalBalanceRoutes(app: ServiceApp, deps: UsersDeps): void {
  const moved = app.metrics.counter('balance_operations_total', 'Balance debits and refunds by outcome', ['operation', 'outcome']);
  const answer = (operation: string, orderId: number, result: BalanceResult) => {
    moved.inc({ operation, outcome: result.ok ? 'ok' : result.reason });
    if (!result.ok) throw balanceError(result, orderId);
    return { balance: result.balance };
  };

  app.post(
    api.debit.path,
    { schema: schemaOf(api.debit) },
    async (request) => answer('debit', request.body.orderId, await debitForOrder(deps.db, request.body)),
  );

  app.post(
    api.refund.path,
    { schema: schemaOf(api.refund) },
    async (request) => answer('refund', request.body.orderId, await refundForOrder(deps.db, request.body)),
  );
}
