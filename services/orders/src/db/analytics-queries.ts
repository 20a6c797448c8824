import { and, count, eq, sum } from 'drizzle-orm';
import type { Role } from '@marketshare/contracts';
import { orders, reviews } from './schema.js';
import type { Db } from './store.js';

/** A person's settled orders (a consumer's purchases or a seller's sales) and the ratings of their reviews. */
export async function ordersAndRatingsOf(db: Db, userId: number, role: Role) {
  const side = role === 'consumer' ? orders.consumerId : orders.sellerId;
  const reviewer = role === 'consumer' ? reviews.consumerId : reviews.sellerId;
  const [settled, ratings] = await Promise.all([
    db
      .select()
      .from(orders)
      .where(and(eq(side, userId), eq(orders.phase, 'DONE'))),
    db.select({ rating: reviews.rating }).from(reviews).where(eq(reviewer, userId)),
  ]);
  return { orders: settled, ratings: ratings.map((r) => r.rating) };
}

/** What a seller's public reputation is made of: delivered sales and the sum and count of their ratings. */
export async function sellerTotals(db: Db, sellerId: number) {
  const [[delivered], [rated]] = await Promise.all([
    db
      .select({ n: count() })
      .from(orders)
      .where(and(eq(orders.sellerId, sellerId), eq(orders.status, 'ENTREGADO'))),
    db
      .select({ total: sum(reviews.rating).mapWith(Number), n: count() })
      .from(reviews)
      .where(eq(reviews.sellerId, sellerId)),
  ]);
  return { deliveredSales: delivered?.n ?? 0, ratingTotal: rated?.total ?? 0, ratingCount: rated?.n ?? 0 };
}
