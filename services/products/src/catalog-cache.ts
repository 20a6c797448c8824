import type { ProductJson } from './db/catalog.js';

/**
 * A micro-cache for catalog pages: the same listing or search asked many times a second is read from PostgreSQL once
 * per `ttlMs`. Every write in this process clears it, so a seller sees their own change at once; another replica's
 * change shows within `ttlMs` (1 s by default), which a catalog page can afford. `ttlMs = 0` turns it off.
 * Concurrent misses for one key share one query.
 */
export class CatalogCache {
  private pages = new Map<string, { at: number; value: Promise<{ items: ProductJson[]; total: number }> }>();
  private categories?: { at: number; value: Promise<Map<string, number>> };
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  list(query: object, load: () => Promise<{ items: ProductJson[]; total: number }>) {
    if (this.ttlMs <= 0) return load();
    const key = JSON.stringify(query, Object.keys(query).sort());
    const now = Date.now();
    const hit = this.pages.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.pages.size >= this.maxEntries) this.pages.clear();
    const value = load();
    this.pages.set(key, { at: now, value });
    value.catch(() => this.pages.delete(key)); // never cache a failure
    return value;
  }

  categoryCounts(load: () => Promise<Map<string, number>>) {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    if (this.categories && now - this.categories.at < this.ttlMs) return this.categories.value;
    const value = load();
    this.categories = { at: now, value };
    value.catch(() => (this.categories = undefined));
    return value;
  }

  clear(): void {
    this.pages.clear();
    this.categories = undefined;
  }
}
