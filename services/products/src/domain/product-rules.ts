import { createHash } from 'node:crypto';
import type { ErrorDetail } from '@marketshare/service-kit';
import { MAX_IMAGES, type CreateProductBody, type Features, type ImageSlot, type ProductInput } from '@marketshare/contracts';

// Catalog rules that the schemas alone cannot say. Pure: no I/O.

/** The original's form rule, now on the server: a product describes itself in text, in rows, or both. */
export function featuresProblems(features: Features): ErrorDetail[] {
  const hasText = features.text.trim().length > 0;
  const hasRows = features.rows.some((r) => r.feature.trim() && r.value.trim());
  return hasText || hasRows ? [] : [{ field: 'features', message: 'needs a text or at least one row', code: 'features_required' }];
}

/** A product as its seller wrote it, with what a new product gets for the fields left out. */
export function withProductDefaults(body: CreateProductBody): ProductInput {
  return {
    ...body,
    state: body.state ?? 'NUEVO',
    colors: body.colors ?? [],
    discount: body.discount ?? 0,
    features: { text: body.features.text ?? '', rows: body.features.rows ?? [] },
    specialFeatures: body.specialFeatures ?? [],
  };
}

/**
 * What a request to publish a product said, as one digest: its fields as they are stored (defaults filled in), in a
 * fixed order, and the digest of each image file, in display order. The same form sent again has the same digest.
 */
export function creationDigest(p: ProductInput, fileDigests: string[]): string {
  const rows = p.features.rows.map((r) => [r.feature, r.value]);
  const said = [p.name, p.description, p.category, p.state, p.colors, p.price, p.discount, p.stock, p.features.text, rows, p.specialFeatures, fileDigests];
  return createHash('sha256').update(JSON.stringify(said)).digest('hex');
}

/** A reorder must name every current image exactly once. */
export function imageOrderProblems(order: number[], currentIds: number[]): ErrorDetail[] {
  const current = new Set(currentIds);
  const given = new Set(order);
  const ok = order.length === currentIds.length && given.size === order.length && order.every((id) => current.has(id));
  return ok ? [] : [{ field: 'imageOrder', message: `must list each of the product's image ids once: [${currentIds.join(', ')}]`, code: 'image_order' }];
}

/**
 * The images of a whole-product form must name each new file once and each kept image at most once; ids the product
 * no longer has are left to the caller to skip.
 */
export function imageSlotProblems(slots: ImageSlot[], files: number): ErrorDetail[] {
  const fileRefs = slots.flatMap((s) => (s.file === undefined ? [] : [s.file]));
  const ids = slots.flatMap((s) => (s.id === undefined ? [] : [s.id]));
  const eachFileOnce = fileRefs.length === files && new Set(fileRefs).size === files && fileRefs.every((f) => f < files);
  const idsOnce = new Set(ids).size === ids.length;
  return eachFileOnce && idsOnce
    ? []
    : [{ field: 'images', message: `must name each of the ${files} files once and each kept image at most once`, code: 'image_slots' }];
}

/** How many more images a product with `existing` images may take. */
export const imageSlotsLeft = (existing: number) => Math.max(0, MAX_IMAGES - existing);

/** Catalog price filter bounds must form a range. */
export function priceRangeProblems(min?: number, max?: number): ErrorDetail[] {
  return min !== undefined && max !== undefined && min > max ? [{ field: 'minPrice', message: 'must not exceed maxPrice', code: 'price_range' }] : [];
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
