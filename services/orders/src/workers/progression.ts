import { outboxMessage, pgOutbox, startPoller, type Poller } from '@marketshare/service-kit';
import type { OrdersContext } from '../context.js';
import { lockDueOrders, owePayment, writeSteps } from '../db/progress-queries.js';
import { recipientNow } from '../clients/recipients.js';
import { consumerOf, orderMessage } from '../domain/order-messages.js';
import { PROGRESSING_STATUSES, nextProgressionStatus, nextTransitionAt, withStatus } from '../domain/order-state.js';
import { PAY_BATCH, paySellers } from './seller-payment.js';

const BATCH = 100;

/**
 * Moves accepted orders along RECIBIDO → EN_DISTRIBUCION → ENTREGADO when their stored time comes. The schedule
 * lives in the database (the original kept it in timers that a restart lost: docs/design.md §9, defect 5), and due rows
 * are taken with FOR UPDATE SKIP LOCKED, so any number of replicas share the work without stepping an order twice.
 * Each step, its history entry, its next schedule, the delivery e-mail and the debt to the seller commit together.
 */
export async function progressDueOrders(ctx: OrdersContext): Promise<number> {
  const now = new Date();
  const { moved, delivered } = await ctx.db.transaction(async (tx) => {
    const due = await lockDueOrders(tx, PROGRESSING_STATUSES, BATCH);
    if (!due.length) return { moved: 0, delivered: 0 };
    // Every order's step is decided here, then the whole batch is written by one UPDATE and its delivery e-mails
    // by one INSERT: three round trips a batch, however many orders are due (a busy hour has hundreds a second).
    const steps = due.map((order) => {
      const next = nextProgressionStatus(order.status!)!;
      return {
        ...order,
        status: next,
        statusHistory: withStatus(order.statusHistory, next, now),
        nextTransitionAt: nextTransitionAt(next, ctx.maxTimeToProgress, now),
      };
    });
    await writeSteps(tx, steps);
    const deliveries = steps.filter((o) => o.status === 'ENTREGADO');
    if (deliveries.length) {
      await owePayment(
        tx,
        deliveries.map((o) => o.id),
      );
      const mails = await Promise.all(
        deliveries.map(async (o) => orderMessage('ORDER_DELIVERED', o, ctx.publicUrl, await recipientNow(ctx, o.consumerId, consumerOf(o)))),
      );
      await tx.insert(pgOutbox).values(mails.map((m) => outboxMessage(m, ctx.exchange)));
    }
    for (const o of steps) ctx.metrics.transitions.inc({ status: o.status });
    return { moved: due.length, delivered: deliveries.length };
  });
  if (delivered) ctx.announce();
  return moved;
}

export function startProgressionWorker(ctx: OrdersContext, intervalMs = 250): Poller {
  return startPoller('progression', ctx.log, intervalMs, async () => {
    // A full batch means more are due: keep going before sleeping again.
    while ((await progressDueOrders(ctx)) === BATCH);
    while ((await paySellers(ctx)) === PAY_BATCH);
  });
}
