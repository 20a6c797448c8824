import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { OrderStatus } from '@marketshare/contracts';
import { orders, reviews, type OrderRow, type ReviewRow } from './schema.js';
import type { Db } from './store.js';

export interface OrderWithReview {
  order: OrderRow;
  review: ReviewRow | null;
}

/** A settled order with its review; unsettled orders do not exist for readers. */
export async function findSettledOrder(db: Db, id: number): Promise<OrderWithReview | undefined> {
  const [row] = await db
    .select({ order: orders, review: reviews })
    .from(orders)
    .leftJoin(reviews, eq(reviews.orderId, orders.id))
    .where(and(eq(orders.id, id), eq(orders.phase, 'DONE')));
  return row;
}

/** A consumer's purchases or a seller's sales, newest first. */
export async function listOrders(
  db: Db,
  opts: { side: 'consumer' | 'seller'; userId: number; status?: OrderStatus; page: number; pageSize: number },
): Promise<{ items: OrderWithReview[]; total: number }> {
  const conditions: SQL[] = [
    eq(opts.side === 'consumer' ? orders.consumerId : orders.sellerId, opts.userId),
    eq(orders.phase, 'DONE'),
  ];
  if (opts.status) conditions.push(eq(orders.status, opts.status));
  const where = and(...conditions);
  const [items, [totalRow]] = await Promise.all([
    db
      .select({ order: orders, review: reviews })
      .from(orders)
      .leftJoin(reviews, eq(reviews.orderId, orders.id))
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize),
    db.select({ n: count() }).from(orders).where(where),
  ]);
  return { items, total: totalRow?.n ?? 0 };
}
