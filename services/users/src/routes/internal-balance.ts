import { usersApi as api } from '@marketshare/contracts';
import { conflict, HttpError, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { debitForOrder, refundForOrder, type BalanceResult } from '../db/ledger.js';
import { settleOrder } from '../db/sales.js';
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
    case 'refunded':
      return conflict(`Order ${orderId} was refunded`, 'refunded');
    case 'settled':
      return conflict(`Order ${orderId} was already credited to its seller`, 'settled');
    case 'no_consumer':
      return notFound('Consumer');
  }
}

/** Debits, refunds and sales of orders: orders-service only, each idempotent per order id. */
export function internalBalanceRoutes(app: ServiceApp, deps: UsersDeps): void {
  const moved = app.metrics.counter('balance_operations_total', 'Balance debits, refunds and sales by outcome', ['operation', 'outcome']);
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

  app.post(
    api.settle.path,
    { schema: schemaOf(api.settle) },
    async (request) => {
      const { orderId } = request.body;
      const result = await settleOrder(deps.db, request.body, deps.config.MARKETPLACE_FEE_BPS);
      moved.inc({ operation: 'settle', outcome: result.ok ? 'ok' : result.reason });
      if (!result.ok) throw balanceError(result, orderId);
      return { balance: result.balance, proceeds: result.proceeds, fee: result.fee };
    },
  );
}
