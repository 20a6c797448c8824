import 'server-only';
import { listReviews } from './orders';

/** How many reviews each buyer has written ("| N valoraciones" beside their name). */
export async function reviewCounts(consumerIds: number[]): Promise<Map<number, number>> {
  const unique = [...new Set(consumerIds)];
  const totals = await Promise.all(unique.map((consumerId) => listReviews({ consumerId, pageSize: 1 }).then((p) => p.total).catch(() => 0)));
  return new Map(unique.map((id, i) => [id, totals[i] ?? 0]));
}
