import 'server-only';
import { listReviews } from './orders';
import type { PageOf, Review } from './types';

/** Review lists may carry a summary beside the page; otherwise it is worked out from the reviews themselves. */
type ReviewPage = PageOf<Review> & { average?: number; rating?: { average: number; count: number }; deliveredSales?: number };

export interface SellerRating {
  average: number;
  count: number;
  deliveredSales: number;
}

export async function sellerRating(sellerId: number): Promise<SellerRating> {
  const page = (await listReviews({ sellerId, pageSize: 100 }).catch(() => null)) as ReviewPage | null;
  if (!page) return { average: 0, count: 0, deliveredSales: 0 };
  const count = page.rating?.count ?? page.total;
  const average =
    page.rating?.average ?? page.average ??
    (page.items.length ? page.items.reduce((s, r) => s + r.rating, 0) / page.items.length : 0);
  // Every review belongs to a delivered order, so reviews are a floor for delivered sales when no figure is given.
  return { average: Math.round(average * 100) / 100, count, deliveredSales: page.deliveredSales ?? count };
}

/** How many reviews each buyer has written ("| N valoraciones" beside their name). */
export async function reviewCounts(consumerIds: number[]): Promise<Map<number, number>> {
  const unique = [...new Set(consumerIds)];
  const totals = await Promise.all(unique.map((consumerId) => listReviews({ consumerId, pageSize: 1 }).then((p) => p.total).catch(() => 0)));
  return new Map(unique.map((id, i) => [id, totals[i] ?? 0]));
}
