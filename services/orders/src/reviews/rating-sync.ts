import type { OrdersContext } from '../context.js';
import { markRatingSynced, unsyncedReviews } from '../db/review-queries.js';
import type { ReviewRow } from '../db/schema.js';

// A review's rating is counted by products, where the product's rating summary lives. The review route tells it
// at once; the recovery worker tells it about any review it has not counted yet (products counts each once).

/** Tells products about one review; true once products has counted it. */
export async function syncRating(ctx: OrdersContext, review: ReviewRow): Promise<boolean> {
  const ok = await ctx.marketplace.recordRating(review.productId, review.id, review.rating);
  if (ok) await markRatingSynced(ctx.db, review.id);
  return ok;
}

/** Tells products about reviews it has not counted yet (the first attempt happens when the review is written). */
export async function syncPendingRatings(ctx: OrdersContext): Promise<number> {
  const pending = await unsyncedReviews(ctx.db, 50);
  for (const review of pending) await syncRating(ctx, review);
  return pending.length;
}
