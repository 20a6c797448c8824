/**
 * A micro-cache for catalog reads: the same page, search or product asked many times a second is read from PostgreSQL
 * once per `ttlMs`. Every write in this process clears it, so a seller sees their own change at once; another
 * replica's change shows within `ttlMs` (1 s by default), which a catalog page can afford: stock and prices that
 * matter are checked again by the orders service's atomic reservation. `ttlMs = 0` turns it off.
 * Concurrent misses for one key share one query; a failure is never kept.
 */
export class CatalogCache {
  private entries = new Map<string, { at: number; value: Promise<unknown> }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
  ) {}

  remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  /** A key for a flat query object, independent of the order its fields came in. */
  static keyOf(kind: string, query: object): string {
    return `${kind}:${JSON.stringify(query, Object.keys(query).sort())}`;
  }

  clear(): void {
    this.entries.clear();
  }
}
