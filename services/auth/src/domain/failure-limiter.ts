import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { failedAttempts } from '../db/schema.js';
import type { Db } from './tokens.js';

/** One limit: at most `limit` failures per `windowMs` for each key it counts. */
export interface FailureLimit {
  name: string;
  limit: number;
  windowMs: number;
}

/** What one attempt is counted under: a limit and the client and account or address it counts for. */
export interface Counted {
  limit: FailureLimit;
  clientId: string;
  who: string;
}

// Keys are hashed: the table holds 43 characters a key whatever a client sends, and no username or address.
const keyOf = (c: Counted) => createHash('sha256').update(`${c.limit.name}\n${c.clientId}\n${c.who}`).digest('base64url');

/**
 * Counts failed grants in auth's database (docs/design.md §7), so every replica sees the same counts and a
 * restart forgets nothing. An attempt is recorded before the grant runs, under a per-key lock, so a burst of
 * parallel guesses is counted too; `forget` takes back what turned out not to be a failure.
 */
export class FailureLimiter {
  constructor(private readonly db: Db) {}

  /**
   * Records an attempt under every key; when one of them is already at its limit nothing is recorded and the
   * answer is the seconds to wait.
   */
  async begin(counted: Counted[]): Promise<{ wait: number } | { ids: number[] }> {
    const keys = counted.map((c) => ({ key: keyOf(c), ...c.limit })).sort((a, b) => a.key.localeCompare(b.key));
    return this.db.transaction(async (tx) => {
      let wait = 0;
      for (const k of keys) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${k.key}, 0))`);
        const since = new Date(Date.now() - k.windowMs);
        const rows = await tx
          .select({ at: failedAttempts.at })
          .from(failedAttempts)
          .where(and(eq(failedAttempts.key, k.key), gt(failedAttempts.at, since)))
          .orderBy(sql`${failedAttempts.at} desc`)
          .limit(k.limit);
        // the oldest of the newest `limit` attempts must leave the window before another one is allowed
        if (rows.length >= k.limit) wait = Math.max(wait, Math.ceil((rows.at(-1)!.at.getTime() + k.windowMs - Date.now()) / 1000));
      }
      if (wait > 0) return { wait: Math.max(1, wait) };
      const ids = await tx
        .insert(failedAttempts)
        .values(keys.map((k) => ({ key: k.key })))
        .returning({ id: failedAttempts.id });
      return { ids: ids.map((r) => r.id) };
    });
  }

  /** Takes back attempts that were not failures (the grant succeeded, or failed for another reason). */
  async forget(ids: number[]): Promise<void> {
    if (ids.length) await this.db.delete(failedAttempts).where(inArray(failedAttempts.id, ids));
  }

  /** A success clears the account's count (never an address's: one person's success does not unlock a spray). */
  async clear(counted: Counted): Promise<void> {
    await this.db.delete(failedAttempts).where(eq(failedAttempts.key, keyOf(counted)));
  }

  /** Forgets attempts older than the longest window. */
  async prune(longestWindowMs: number): Promise<void> {
    await this.db.delete(failedAttempts).where(lt(failedAttempts.at, new Date(Date.now() - longestWindowMs)));
  }
}
