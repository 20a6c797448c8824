import { outboxMessage, pgOutbox } from '@marketshare/service-kit';
import { isCancellable } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { lockOrder, markCancelled, releaseOrderLease, settleCancelledCompensation } from '../db/saga-queries.js';
import type { OrderRow } from '../db/schema.js';
import { recipientNow } from '../clients/recipients.js';
import { consumerOf, orderMessage, saleMessage, sellerOf } from '../domain/order-messages.js';
import { orderRelation, withStatus } from '../domain/order-state.js';
import { notCancellable, notYourOrder, orderNotFound } from '../domain/refusals.js';
import { undoSteps } from './purchase.js';

// A cancellation refunds and restocks exactly once (the original refunded on every call, even for orders it never
// charged: docs/design.md §9, defect 4). The status change and the debt to undo are recorded in one transaction on the
// locked row, so a second cancel sees CANCELADO and is refused; the refund and the release, both idempotent per
// order, run afterwards and are retried by the recovery pass until they have both happened.

export async function cancelOrder(ctx: OrdersContext, userId: number, orderId: number): Promise<OrderRow> {
  const cancelled = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const relation = order && order.phase === 'DONE' ? orderRelation(order, userId) : null;
    if (!order || !relation) throw orderNotFound();
    if (relation !== 'consumer') throw notYourOrder('cancel');
    if (!order.status || !isCancellable(order.status)) throw notCancellable(order.status);
    const row = await markCancelled(tx, orderId, withStatus(order.statusHistory, 'CANCELADO', new Date()));
    // Both sides are told, each as their account says now, in the transaction that cancels (so exactly once).
    const [consumer, seller] = await Promise.all([
      recipientNow(ctx, row.consumerId, consumerOf(row)),
      recipientNow(ctx, row.sellerId, sellerOf(row)),
    ]);
    const sale = saleMessage(row, ctx.publicUrl, seller, 'SALE_CANCELLED');
    const mails = [orderMessage('ORDER_CANCELLED', row, ctx.publicUrl, consumer), ...(sale ? [sale] : [])];
    await tx.insert(pgOutbox).values(mails.map((m) => outboxMessage(m, ctx.exchange)));
    return row;
  });
  ctx.metrics.transitions.inc({ status: 'CANCELADO' });
  ctx.announce();
  return (await settleCancellation(ctx, cancelled)) ?? cancelled;
}

/** Refunds and restocks a cancelled order; the updated order once both have happened, else null (retried later). */
export async function settleCancellation(ctx: OrdersContext, order: OrderRow): Promise<OrderRow | null> {
  if (!(await undoSteps(ctx, order))) {
    await releaseOrderLease(ctx.db, order.id);
    return null;
  }
  return (await settleCancelledCompensation(ctx.db, order.id)) ?? null;
}
