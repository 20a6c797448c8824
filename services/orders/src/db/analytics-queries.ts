import { and, count, eq, inArray, sum } from 'drizzle-orm';
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

export interface SellerTotals {
  sellerId: number;
  deliveredSales: number;
  ratingTotal: number;
  ratingCount: number;
}

/**
 * What sellers' public reputations are made of: delivered sales and the sum and count of their ratings, one entry
 * per id in the order given (zeros for a seller with neither), in two grouped statements whatever the number.
 */
export async function sellerTotals(db: Db, sellerIds: number[]): Promise<SellerTotals[]> {
  const [delivered, rated] = await Promise.all([
    db
      .select({ sellerId: orders.sellerId, n: count() })
      .from(orders)
      .where(and(inArray(orders.sellerId, sellerIds), eq(orders.status, 'ENTREGADO')))
      .groupBy(orders.sellerId),
    db
      .select({ sellerId: reviews.sellerId, total: sum(reviews.rating).mapWith(Number), n: count() })
      .from(reviews)
      .where(inArray(reviews.sellerId, sellerIds))
      .groupBy(reviews.sellerId),
  ]);
  const sales = new Map(delivered.map((d) => [d.sellerId, d.n]));
  const ratings = new Map(rated.map((r) => [r.sellerId, r]));
  return sellerIds.map((sellerId) => ({
    sellerId,
    deliveredSales: sales.get(sellerId) ?? 0,
    ratingTotal: ratings.get(sellerId)?.total ?? 0,
    ratingCount: ratings.get(sellerId)?.n ?? 0,
  }));
}
