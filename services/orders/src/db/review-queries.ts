import { and, count, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { pgOutbox, readPage, type outboxMessage } from '@marketshare/service-kit';
import type { OrderRow, ReviewRow } from './schema.js';
import { reviews } from './schema.js';
import type { Db } from './store.js';

/**
 * Writes the review of a delivered order, and the e-mail `mailFor` makes of it in the same transaction; a second
 * review of the same order fails on the unique order id and writes neither.
 */
export async function insertReview(
  db: Db,
  order: OrderRow,
  review: { rating: number; title: string; summary: string },
  mailFor: (review: ReviewRow) => ReturnType<typeof outboxMessage> | undefined,
): Promise<ReviewRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reviews)
    .values({
      orderId: order.id,
      productId: order.productId,
      sellerId: order.sellerId,
      consumerId: order.consumerId,
      productName: order.productName,
      consumerName: order.consumerName,
        ...review,
      })
      .returning();
    const mail = mailFor(row!);
    if (mail) await tx.insert(pgOutbox).values(mail);
    return row!;
  });
}

/** Reviews by product, seller or consumer, newest first. */
export async function listReviews(
  db: Db,
  filter: { productId?: number; sellerId?: number; consumerId?: number },
  page: number,
  pageSize: number,
): Promise<{ items: ReviewRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.productId) conditions.push(eq(reviews.productId, filter.productId));
  if (filter.sellerId) conditions.push(eq(reviews.sellerId, filter.sellerId));
  if (filter.consumerId) conditions.push(eq(reviews.consumerId, filter.consumerId));
  const where = and(...conditions);
  return readPage(page, pageSize, {
    rows: (limit, offset) => db.select().from(reviews).where(where).orderBy(desc(reviews.createdAt), desc(reviews.id)).limit(limit).offset(offset),
    total: async () => (await db.select({ n: count() }).from(reviews).where(where))[0]?.n ?? 0,
  });
}

/** Reviews products has not counted yet, older than a first attempt's time to finish. */
export const unsyncedReviews = (db: Db, limit: number) =>
  db
    .select()
    .from(reviews)
    .where(and(eq(reviews.ratingSynced, false), lt(reviews.createdAt, sql`now() - interval '2 seconds'`)))
    .orderBy(reviews.id)
    .limit(limit);

export async function markRatingSynced(db: Db, reviewId: number): Promise<void> {
  await db.update(reviews).set({ ratingSynced: true }).where(eq(reviews.id, reviewId));
}
