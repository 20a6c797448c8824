import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { OrderStatus } from '@marketshare/contracts';
import { readPage } from '@marketshare/service-kit';
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
  return readPage(opts.page, opts.pageSize, {
    rows: (limit, offset) =>
      db
        .select({ order: orders, review: reviews })
        .from(orders)
        .leftJoin(reviews, eq(reviews.orderId, orders.id))
        .where(where)
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(limit)
        .offset(offset),
    total: async () => (await db.select({ n: count() }).from(orders).where(where))[0]?.n ?? 0,
  });
}
