/**
 * A micro-cache for answers asked many times a second: each key is loaded once per `ttlMs`, and `ttlMs = 0` turns it
 * off. Concurrent misses for one key share one load; a failure is never kept. A key still asked for in the last
 * quarter of its life is loaded again in the background while the current answer is served, so a busy key is never
 * waited for (no stampede when it expires), and no answer is ever older than `ttlMs`. `clear()` drops everything,
 * including what a background load started before it would bring back.
 * The products service caches catalog pages with it, orders the products it prices purchases from and buyers'
 * contact details, users the profiles it shows, and the web app guests' pages and public profiles.
 *
 * It is bounded twice: by entries and by bytes (`maxBytes`, 16 MiB unless told, each answer measured once when it
 * arrives). Past either bound the entries that ran out go first, then the oldest, so a crawl over many distinct
 * addresses keeps the cache at its budget instead of growing the process until its container is killed. What ran out
 * is never served, so it is not kept either: while the cache holds anything, a timer (one that never keeps the process
 * alive) drops what ran out every `ttlMs`, and a crawl's pages go with it once the crawl is over, instead of staying
 * until the budget is reached again.
 */
export class MicroCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly sizeOf: (value: unknown) => number;
  private sweep: ReturnType<typeof setTimeout> | null = null;
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
    opts: { maxBytes?: number; sizeOf?: (value: unknown) => number } = {},
  ) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.sizeOf = opts.sizeOf ?? approximateSize;
  }

  /** Bytes the answers held now take, as measured when each arrived. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

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
    this.bytes = 0;
  }

  /** Drops what ran out every `ttlMs` while anything is held; the timer stops when the cache is empty. */
  private sweepLater(): void {
    if (this.sweep) return;
    this.sweep = setTimeout(() => {
      this.sweep = null;
      this.dropExpired(Date.now());
      if (this.entries.size) this.sweepLater();
    }, this.ttlMs);
    this.sweep.unref?.();
  }

  private dropExpired(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.at >= this.ttlMs) this.drop(key, entry);
    }
  }

  /** Drops one key, so the next ask loads it (a background load started before does not bring it back). */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry) this.drop(key, entry);
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private store(key: string, at: number, value: Promise<unknown>): Entry {
    const old = this.entries.get(key);
    // delete first, so the Map's order stays the order entries were stored in: oldest first
    if (old) this.drop(key, old);
    if (this.entries.size >= this.maxEntries) this.evict(this.maxEntries - 1, this.maxBytes);
    const entry: Entry = { at, value, refreshing: false, bytes: 0 };
    this.entries.set(key, entry);
    this.sweepLater();
    value.then(
      (v) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = this.sizeOf(v);
        this.bytes += entry.bytes;
        if (this.bytes > this.maxBytes) this.evict(this.maxEntries, this.maxBytes);
      },
      () => {
        if (this.entries.get(key) === entry) this.drop(key, entry);
      },
    );
    return entry;
  }

  /** Drops entries until at most `entries` of them and `bytes` remain: the ones that ran out, then the oldest. */
  private evict(entries: number, bytes: number): void {
    this.dropExpired(Date.now());
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= entries && this.bytes <= bytes) break;
      this.drop(key, entry);
    }
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
  /** What the answer takes, once it has arrived (0 before). */
  bytes: number;
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Roughly what an answer takes in memory: binary data its length, text two bytes a character, anything else twice
 * its JSON (objects weigh more than their text). Measured once per load, which the time to live already limits.
 */
export function approximateSize(value: unknown): number {
  if (value === null || value === undefined) return 16;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value === 'string') return 2 * value.length;
  if (typeof value === 'object' && 'body' in value && value.body instanceof ArrayBuffer) return value.body.byteLength + 256;
  try {
    return 2 * (JSON.stringify(value)?.length ?? 8);
  } catch {
    return 1024;
  }
}
