/**
 * A micro-cache for answers asked many times a second: each key is loaded once per `ttlMs`, and `ttlMs = 0` turns it
 * off. Concurrent misses for one key share one load; a failure is never kept. A key still asked for in the last
 * quarter of its life is loaded again in the background while the current answer is served, so a busy key is never
 * waited for (no stampede when it expires), and no answer is ever older than `ttlMs`. `clear()` drops everything,
 * including what a background load started before it would bring back.
 * The products service caches catalog pages with it, orders the products it prices purchases from and buyers'
 * contact details, users the profiles it shows, and the web app guests' pages and public profiles.
 */
export class MicroCache {
  private entries = new Map<string, Entry>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
  ) {}

  remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) {
      if (!hit.refreshing && now - hit.at > this.ttlMs * 0.75) this.refresh(key, hit, load);
      return hit.value as Promise<T>;
    }
    return this.store(key, now, load()).value as Promise<T>;
  }

  /** A key for a flat query object, independent of the order its fields came in. */
  static keyOf(kind: string, query: object): string {
    return `${kind}:${JSON.stringify(query, Object.keys(query).sort())}`;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops one key, so the next ask loads it (a background load started before does not bring it back). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  private store(key: string, at: number, value: Promise<unknown>): Entry {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry: Entry = { at, value, refreshing: false };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry;
  }

  /** Loads the key again while the current answer is served; the new one takes over only once it has arrived. */
  private refresh(key: string, stale: Entry, load: () => Promise<unknown>): void {
    stale.refreshing = true;
    const at = Date.now();
    load().then(
      (value) => {
        // A clear() meanwhile (a seller's change) must not be undone by an answer read before it.
        if (this.entries.get(key) === stale) this.store(key, at, Promise.resolve(value));
      },
      () => {
        stale.refreshing = false;
      },
    );
  }
}

interface Entry {
  at: number;
  value: Promise<unknown>;
  refreshing: boolean;
}
