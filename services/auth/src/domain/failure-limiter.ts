import ipaddr from 'ipaddr.js';

/**
 * Counts failed grants per client and one other key (the username of a password login, the end-user address of a
 * refresh) in a sliding window, so guessing costs time. In memory: with several replicas each keeps its own
 * count, which still bounds guessing per replica.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs = 15 * 60_000,
  ) {}

  // usernames are case-insensitive; an address key is lowercase already
  private key(clientId: string, who: string) {
    return `${clientId}\n${who.toLowerCase()}`;
  }
  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(clientId: string, who: string, now = Date.now()): number {
    const list = this.recent(this.key(clientId, who), now);
    if (list.length < this.limit) return 0;
    return Math.ceil((list[0]! + this.windowMs - now) / 1000);
  }
  fail(clientId: string, who: string, now = Date.now()): void {
    const key = this.key(clientId, who);
    this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 100_000) this.failures.clear(); // bound memory under a username-spraying attack
  }
  succeed(clientId: string, who: string): void {
    this.failures.delete(this.key(clientId, who));
  }
}

/**
 * What a limit per address counts by: an IPv4 address (also when written IPv4-mapped), or the /64 an IPv6 address
 * is in, since one subscriber is commonly handed a whole /64 and could otherwise change address at every attempt.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (!(ip instanceof ipaddr.IPv6)) return ip.toString();
  return `${ip.parts.slice(0, 4).map((p) => p.toString(16)).join(':')}::/64`;
}
