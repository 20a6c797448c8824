import { eq, sql } from 'drizzle-orm';
import { conflict, notFound } from '@marketshare/service-kit';
import type { Db } from './catalog.js';
import type { ProductRating } from '@marketshare/contracts';
import { productRatings, products } from './schema.js';

/**
 * Counts a review's rating into its product, once per review: the rating row's key is the review id, and the sum and
 * count move in the same transaction, so the average is exact and a redelivered event changes nothing.
 */
export async function recordRating(db: Db, productId: number, reviewId: number, rating: number): Promise<ProductRating> {
  return db.transaction(async (tx) => {
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId));
    if (!product) throw notFound('Product');
    const inserted = await tx
      .insert(productRatings)
      .values({ reviewId, productId, rating })
      .onConflictDoNothing()
      .returning({ reviewId: productRatings.reviewId });
    if (inserted.length) {
      await tx
        .update(products)
        .set({ ratingSum: sql`${products.ratingSum} + ${rating}`, ratingCount: sql`${products.ratingCount} + 1` })
        .where(eq(products.id, productId));
    } else {
      const [existing] = await tx.select().from(productRatings).where(eq(productRatings.reviewId, reviewId));
      if (existing.productId !== productId || existing.rating !== rating) {
        throw conflict(`Review ${reviewId} was already counted with other values`, 'rating_mismatch');
      }
    }
    const [summary] = await tx
      .select({ sum: products.ratingSum, count: products.ratingCount })
      .from(products)
      .where(eq(products.id, productId));
    return { productId, rating: { average: summary.count ? summary.sum / summary.count : 0, count: summary.count } };
  });
}
