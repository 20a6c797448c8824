/**
 * A fixed-window counter per key, in memory. Written here rather than taken from @fastify/rate-limit because
 * registration needs two limits on one route, one keyed by the calling client (known before the body is read)
 * and one by the requested username (known only after), which that plugin's one-key-per-route model does not fit.
 * Per process: with several replicas each one enforces its own window, which still bounds abuse.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit on `key`; returns 0 when allowed, else the seconds until the window reopens. */
  hit(key: string): number {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count > this.limit ? Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) : 0;
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
