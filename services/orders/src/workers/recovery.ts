import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { OrdersContext } from '../context.js';
import { orders, reviews, type OrderRow } from '../db/schema.js';
import { leaseFromNow } from '../db/store.js';
import { settleCancellation } from '../saga/cancellation.js';
import { resume } from '../saga/purchase.js';
import { startPoller, type Poller } from './poller.js';

const BATCH = 20;

/**
 * Finishes what a crash, a timeout or a neighbour's outage left half done: purchases still PENDING or
 * COMPENSATING and cancellations still owing a refund or a restock, once their driver's lease has run out.
 * Claiming is a single UPDATE over rows locked with SKIP LOCKED, so two replicas never take the same order.
 */
export async function recoverUnsettledOrders(ctx: OrdersContext): Promise<number> {
  const claimable = ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(sql`(${orders.phase} <> 'DONE' or ${orders.compensation} = 'PENDING')`, lt(orders.leaseUntil, sql`now()`)))
    .orderBy(orders.id)
    .limit(BATCH)
    .for('update', { skipLocked: true });
  const claimed = await ctx.db
    .update(orders)
    .set({ leaseUntil: leaseFromNow() })
    .where(inArray(orders.id, claimable))
    .returning();
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

/** Tells products about reviews it has not counted yet (the first attempt happens when the review is written). */
export async function syncPendingRatings(ctx: OrdersContext): Promise<number> {
  const pending = await ctx.db
    .select()
    .from(reviews)
    .where(and(eq(reviews.ratingSynced, false), lt(reviews.createdAt, sql`now() - interval '2 seconds'`)))
    .orderBy(reviews.id)
    .limit(50);
  for (const review of pending) await syncRating(ctx, review);
  return pending.length;
}

export async function syncRating(ctx: OrdersContext, review: typeof reviews.$inferSelect): Promise<boolean> {
  const ok = await ctx.marketplace.recordRating(review.productId, review.id, review.rating);
  if (ok) await ctx.db.update(reviews).set({ ratingSynced: true }).where(eq(reviews.id, review.id));
  return ok;
}

export function startRecoveryWorker(ctx: OrdersContext, intervalMs = 2000): Poller {
  return startPoller('recovery', ctx.log, intervalMs, async () => {
    while ((await recoverUnsettledOrders(ctx)) === BATCH);
    await syncPendingRatings(ctx);
  });
}
