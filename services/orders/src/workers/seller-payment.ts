import type { OrdersContext } from '../context.js';
import { lockUnpaidOrders, recordPayment } from '../db/progress-queries.js';

export const PAY_BATCH = 20;

/**
 * Credits sellers for their delivered orders. Delivery records the debt in the same transaction as the new status,
 * so no crash loses it; this takes owed orders with FOR UPDATE SKIP LOCKED (replicas share them, never both one)
 * and asks users to settle each, which users does once per order whatever the retries. An order whose call
 * failed stays owed and is asked again on the next pass.
 */
export async function paySellers(ctx: OrdersContext): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const owed = await lockUnpaidOrders(tx, PAY_BATCH);
    if (!owed.length) return 0;
    const outcomes = await Promise.all(owed.map(async (o) => ({ id: o.id, outcome: await ctx.marketplace.settleSale(o.id, o.sellerId) })));
    const of = (outcome: string) => outcomes.filter((o) => o.outcome === outcome).map((o) => o.id);
    for (const id of of('refused')) ctx.log.error({ orderId: id }, 'users refused to credit a delivered order to its seller');
    await recordPayment(tx, of('done'), 'DONE');
    await recordPayment(tx, of('refused'), 'REFUSED');
    return owed.length;
  });
}
