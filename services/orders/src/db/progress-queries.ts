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
