import { outboxMessage, pgOutbox } from '@marketshare/service-kit';
import type { OrdersContext } from '../context.js';
import { recipientNow } from '../clients/recipients.js';
import { lockUnpaidOrders, recordPayment } from '../db/progress-queries.js';
import { saleDeliveredMessage, sellerOf } from '../domain/order-messages.js';

export const PAY_BATCH = 20;

/**
 * Credits sellers for their delivered orders. Delivery records the debt in the same transaction as the new status,
 * so no crash loses it; this takes owed orders with FOR UPDATE SKIP LOCKED (replicas share them, never both one)
 * and asks users to settle each, which users does once per order whatever the retries. An order whose call
 * failed stays owed and is asked again on the next pass. The seller's SALE_DELIVERED e-mail, with the proceeds and
 * fee users answered, is written in the transaction that marks the order paid, so it goes once per order.
 */
export async function paySellers(ctx: OrdersContext): Promise<number> {
  const written = await ctx.db.transaction(async (tx) => {
    const owed = await lockUnpaidOrders(tx, PAY_BATCH);
    if (!owed.length) return 0;
    const settled = await Promise.all(owed.map(async (o) => ({ order: o, answer: await ctx.marketplace.settleSale(o.id, o.sellerId) })));
    const of = (outcome: string) => settled.filter((s) => s.answer.outcome === outcome).map((s) => s.order.id);
    for (const id of of('refused')) ctx.log.error({ orderId: id }, 'users refused to credit a delivered order to its seller');
    await recordPayment(tx, of('done'), 'DONE');
    await recordPayment(tx, of('refused'), 'REFUSED');
    const mails = await Promise.all(
      settled.map(async ({ order, answer }) =>
        answer.outcome === 'done'
          ? saleDeliveredMessage(order, answer, ctx.publicUrl, await recipientNow(ctx, order.sellerId, sellerOf(order)))
          : undefined,
      ),
    );
    const rows = mails.filter((m) => m !== undefined).map((m) => outboxMessage(m, ctx.exchange));
    if (rows.length) await tx.insert(pgOutbox).values(rows);
    return { owed: owed.length, mailed: rows.length };
  });
  if (!written) return 0;
  if (written.mailed) ctx.announce();
  return written.owed;
}
