import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { pgOutbox, type outboxMessage } from '@marketshare/service-kit';
import type { OrderStatus } from '@marketshare/contracts';
import type { PricedLine } from '../domain/purchase.js';
import { orders, type OrderRow } from './schema.js';
import { leaseFromNow, type Db, type Tx } from './store.js';

// The purchase saga's reads and conditional updates. Every update names the phase it expects, so of two drivers of
// one order (a retried request, the recovery pass) only one moves it; the other reads what happened instead.

export async function findOrder(db: Db, id: number): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row;
}

export async function findOrderByKey(db: Db, consumerId: number, key: string): Promise<OrderRow | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.consumerId, consumerId), eq(orders.idempotencyKey, key)));
  return row;
}

/** Takes over an unsettled order whose driver's lease has run out; undefined when someone else holds it. */
export async function claimUnsettledOrder(db: Db, id: number): Promise<OrderRow | undefined> {
  const [row] = await db
    .update(orders)
    .set({ leaseUntil: leaseFromNow() })
    .where(and(eq(orders.id, id), sql`${orders.phase} <> 'DONE'`, sql`(${orders.leaseUntil} is null or ${orders.leaseUntil} < now())`))
    .returning();
  return row;
}

/**
 * Up to `limit` orders whose driver's lease ran out while they were unsettled or owed a cancellation's refund or
 * restock, each now under this caller's lease: one UPDATE over rows locked with SKIP LOCKED, so two replicas never
 * take the same order.
 */
export async function claimAbandonedOrders(db: Db, limit: number): Promise<OrderRow[]> {
  const claimable = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(sql`(${orders.phase} <> 'DONE' or ${orders.compensation} = 'PENDING')`, lt(orders.leaseUntil, sql`now()`)))
    .orderBy(orders.id)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(orders)
    .set({ leaseUntil: leaseFromNow() })
    .where(inArray(orders.id, claimable))
    .returning();
}

/** Ends the lease at once, so another driver may take the order over now. */
export async function releaseOrderLease(db: Db, id: number): Promise<void> {
  await db
    .update(orders)
    .set({ leaseUntil: sql`now()` })
    .where(eq(orders.id, id));
}

/** The PENDING order with a new price line; undefined when it is no longer PENDING. */
export async function repricePendingOrder(db: Db, id: number, line: PricedLine): Promise<OrderRow | undefined> {
  const [row] = await db
    .update(orders)
    .set({ ...line, leaseUntil: leaseFromNow() })
    .where(and(eq(orders.id, id), eq(orders.phase, 'PENDING')))
    .returning();
  return row;
}

/** Deletes a PENDING order that has taken nothing (its reservation was refused); false when it was no longer PENDING. */
export async function discardPendingOrder(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .delete(orders)
    .where(and(eq(orders.id, id), eq(orders.phase, 'PENDING')))
    .returning({ id: orders.id });
  return rows.length > 0;
}

/** A PENDING order refused by a step: COMPENSATING with its final status; undefined when it was no longer PENDING. */
export async function markCompensating(db: Db, id: number, status: OrderStatus): Promise<OrderRow | undefined> {
  const [row] = await db
    .update(orders)
    .set({ phase: 'COMPENSATING', status, leaseUntil: leaseFromNow() })
    .where(and(eq(orders.id, id), eq(orders.phase, 'PENDING')))
    .returning();
  return row;
}

/**
 * A COMPENSATING order whose steps are undone: settled, and its rejection e-mail written in the same transaction
 * (only by the driver whose update happened, so once); undefined when it was no longer COMPENSATING.
 */
export async function settleCompensated(
  db: Db,
  id: number,
  statusHistory: OrderRow['statusHistory'],
  mail: ReturnType<typeof outboxMessage>,
): Promise<OrderRow | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(orders)
      .set({ phase: 'DONE', statusHistory, leaseUntil: null })
      .where(and(eq(orders.id, id), eq(orders.phase, 'COMPENSATING')))
      .returning();
    if (row) await tx.insert(pgOutbox).values(mail);
    return row;
  });
}

/** The order, locked until the transaction ends. */
export async function lockOrder(tx: Tx, id: number): Promise<OrderRow | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  return order;
}

/** Records a cancellation and that its refund and restock are owed, under this driver's lease. */
export async function markCancelled(tx: Tx, id: number, statusHistory: OrderRow['statusHistory']): Promise<OrderRow> {
  const [row] = await tx
    .update(orders)
    .set({ status: 'CANCELADO', statusHistory, nextTransitionAt: null, compensation: 'PENDING', leaseUntil: leaseFromNow() })
    .where(eq(orders.id, id))
    .returning();
  return row!;
}

/** A cancelled order whose refund and restock have both happened; undefined when another driver recorded it first. */
export async function settleCancelledCompensation(db: Db, id: number): Promise<OrderRow | undefined> {
  const [row] = await db
    .update(orders)
    .set({ compensation: 'DONE', leaseUntil: null })
    .where(and(eq(orders.id, id), eq(orders.compensation, 'PENDING')))
    .returning();
  return row;
}
