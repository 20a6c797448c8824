import { startPoller, type Poller } from '@marketshare/service-kit';
import type { OrdersContext } from '../context.js';
import { claimAbandonedOrders } from '../db/saga-queries.js';
import type { OrderRow } from '../db/schema.js';
import { settleCancellation } from '../saga/cancellation.js';
import { resume } from '../saga/purchase.js';
import { syncPendingRatings } from '../reviews/rating-sync.js';

const BATCH = 20;

/**
 * Finishes what a crash, a timeout or a neighbour's outage left half done: purchases still PENDING or
 * COMPENSATING and cancellations still owing a refund or a restock, once their driver's lease has run out.
 * Claiming is a single UPDATE over rows locked with SKIP LOCKED, so two replicas never take the same order.
 */
export async function recoverUnsettledOrders(ctx: OrdersContext): Promise<number> {
  const claimed = await claimAbandonedOrders(ctx.db, BATCH);
  await Promise.all(claimed.map((order) => recoverOne(ctx, order)));
  return claimed.length;
}

async function recoverOne(ctx: OrdersContext, order: OrderRow): Promise<void> {
  try {
    const settled = order.phase === 'DONE' ? await settleCancellation(ctx, order) : await resume(ctx, order);
    if (settled) ctx.log.info({ orderId: order.id, status: settled.status }, 'recovered an unsettled order');
    // Not settled: its lease runs out again and a later pass retries.
  } catch (err) {
    ctx.log.warn({ orderId: order.id, err: (err as Error).message }, 'recovering an order failed; will retry');
  }
}

export function startRecoveryWorker(ctx: OrdersContext, intervalMs = 2000): Poller {
  return startPoller('recovery', ctx.log, intervalMs, async () => {
    while ((await recoverUnsettledOrders(ctx)) === BATCH);
    await syncPendingRatings(ctx);
  });
}
