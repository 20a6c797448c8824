import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { OrderStatus } from '@marketshare/contracts';
import { orders, type OrderRow } from './schema.js';
import type { Tx } from './store.js';

/** Up to `limit` accepted orders whose next step is due, locked for this transaction (others skip them). */
export const lockDueOrders = (tx: Tx, statuses: readonly OrderStatus[], limit: number) =>
  tx
    .select()
    .from(orders)
    .where(and(lte(orders.nextTransitionAt, sql`now()`), inArray(orders.status, [...statuses]), eq(orders.phase, 'DONE')))
    .orderBy(orders.nextTransitionAt)
    .limit(limit)
    .for('update', { skipLocked: true });

/** Writes every order's new status, history and schedule in one UPDATE, however many there are. */
export async function writeSteps(tx: Tx, steps: Pick<OrderRow, 'id' | 'status' | 'statusHistory' | 'nextTransitionAt'>[]): Promise<void> {
  const values = sql.join(
    steps.map(
      (o) =>
        sql`(${o.id}::int, ${o.status}::text, ${JSON.stringify(o.statusHistory)}::jsonb, ${o.nextTransitionAt?.toISOString() ?? null}::timestamptz)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    UPDATE ${orders} SET status = v.status, status_history = v.history, next_transition_at = v.next_at
    FROM (VALUES ${values}) AS v(id, status, history, next_at)
    WHERE ${orders.id} = v.id`);
}

/** Delivered orders now owe their sellers the proceeds (in the transaction that delivers them). */
export async function owePayment(tx: Tx, orderIds: number[]): Promise<void> {
  await tx.update(orders).set({ settlement: 'PENDING' }).where(inArray(orders.id, orderIds));
}

/** Up to `limit` delivered orders whose seller is not credited yet, locked for this transaction (others skip them). */
export const lockUnpaidOrders = (tx: Tx, limit: number) =>
  tx
    .select()
    .from(orders)
    .where(eq(orders.settlement, 'PENDING'))
    .orderBy(orders.id)
    .limit(limit)
    .for('update', { skipLocked: true });

export async function recordPayment(tx: Tx, orderIds: number[], outcome: 'DONE' | 'REFUSED'): Promise<void> {
  if (orderIds.length) await tx.update(orders).set({ settlement: outcome }).where(inArray(orders.id, orderIds));
}
