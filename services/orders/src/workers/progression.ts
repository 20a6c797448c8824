import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { outboxMessage, pgOutbox } from '@marketshare/service-kit';
import type { OrdersContext } from '../context.js';
import { orders } from '../db/schema.js';
import { orderMessage } from '../domain/order-messages.js';
import { PROGRESSING_STATUSES, nextProgressionStatus, nextTransitionAt, withStatus } from '../domain/order-state.js';
import { startPoller, type Poller } from './poller.js';

const BATCH = 100;

/**
 * Moves accepted orders along RECIBIDO → EN_DISTRIBUCION → ENTREGADO when their stored time comes. The schedule
 * lives in the database (the original kept it in timers that a restart lost: reference §8, bug 8), and due rows
 * are taken with FOR UPDATE SKIP LOCKED, so any number of replicas share the work without stepping an order twice.
 * Each step, its history entry, its next schedule and the delivery e-mail commit together.
 */
export async function progressDueOrders(ctx: OrdersContext): Promise<number> {
  const now = new Date();
  const { moved, delivered } = await ctx.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(orders)
      .where(
        and(
          lte(orders.nextTransitionAt, sql`now()`),
          inArray(orders.status, [...PROGRESSING_STATUSES]),
          eq(orders.phase, 'DONE'),
        ),
      )
      .orderBy(orders.nextTransitionAt)
      .limit(BATCH)
      .for('update', { skipLocked: true });
    let deliveredNow = 0;
    for (const order of due) {
      const next = nextProgressionStatus(order.status!)!;
      const [row] = await tx
        .update(orders)
        .set({
          status: next,
          statusHistory: withStatus(order.statusHistory, next, now),
          nextTransitionAt: nextTransitionAt(next, ctx.maxTimeToProgress, now),
        })
        .where(eq(orders.id, order.id))
        .returning();
      if (next === 'ENTREGADO') {
        await tx.insert(pgOutbox).values(outboxMessage(orderMessage('ORDER_DELIVERED', row!, ctx.publicUrl), ctx.exchange));
        deliveredNow++;
      }
      ctx.metrics.transitions.inc({ status: next });
    }
    return { moved: due.length, delivered: deliveredNow };
  });
  if (delivered) ctx.announce();
  return moved;
}

export function startProgressionWorker(ctx: OrdersContext, intervalMs = 250): Poller {
  return startPoller('progression', ctx.log, intervalMs, async () => {
    // A full batch means more are due: keep going before sleeping again.
    while ((await progressDueOrders(ctx)) === BATCH);
  });
}
