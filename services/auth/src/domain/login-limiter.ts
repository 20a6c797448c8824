/**
 * Counts failed password logins per client and username in a sliding window, so guessing a password costs
 * time. In memory: with several replicas each keeps its own count, which still bounds guessing per replica.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private key(clientId: string, username: string) {
    return `${clientId}\n${username.toLowerCase()}`;
  }
  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(clientId: string, username: string, now = Date.now()): number {
    const list = this.recent(this.key(clientId, username), now);
    if (list.length < this.limit) return 0;
    return Math.ceil((list[0]! + this.windowMs - now) / 1000);
  }
  fail(clientId: string, username: string, now = Date.now()): void {
    const key = this.key(clientId, username);
    this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 100_000) this.failures.clear(); // bound memory under a username-spraying attack
  }
  succeed(clientId: string, username: string): void {
    this.failures.delete(this.key(clientId, username));
  }
}
