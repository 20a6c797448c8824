import type { ErrorDetail } from '@marketshare/service-kit';
import { MAX_IMAGES, type Features } from '@marketshare/contracts';

// Catalog rules that the schemas alone cannot say. Pure: no I/O.

/** The original's form rule, now on the server: a product describes itself in text, in rows, or both. */
export function featuresProblems(features: Features): ErrorDetail[] {
  const hasText = features.text.trim().length > 0;
  const hasRows = features.rows.some((r) => r.feature.trim() && r.value.trim());
  return hasText || hasRows ? [] : [{ field: 'features', message: 'needs a text or at least one row' }];
}

/** A reorder must name every current image exactly once. */
export function imageOrderProblems(order: number[], currentIds: number[]): ErrorDetail[] {
  const current = new Set(currentIds);
  const given = new Set(order);
  const ok = order.length === currentIds.length && given.size === order.length && order.every((id) => current.has(id));
  return ok ? [] : [{ field: 'imageOrder', message: `must list each of the product's image ids once: [${currentIds.join(', ')}]` }];
}

/** How many more images a product with `existing` images may take. */
export const imageSlotsLeft = (existing: number) => Math.max(0, MAX_IMAGES - existing);

/** Catalog price filter bounds must form a range. */
export function priceRangeProblems(min?: number, max?: number): ErrorDetail[] {
  return min !== undefined && max !== undefined && min > max ? [{ field: 'minPrice', message: 'must not exceed maxPrice' }] : [];
}

/**
 * The words of a search for the prefix half of the query ("electr" finds "Electrónica" while a user types).
 * Only letters and digits survive, so the tsquery built from them cannot carry operators; accents are removed
 * in SQL by the same function the documents use. Short words match whole only: a one-letter prefix matches
 * half the catalog and costs a scan of most of the index.
 */
export function prefixSearchTerms(q: string, limit = 8): string[] {
  const words = q.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && w.length <= 40))].slice(0, limit);
}
