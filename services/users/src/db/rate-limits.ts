import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rateLimits } from './schema.js';
import type { Executor } from './store.js';

/** One limit: at most `limit` hits per `windowMs` for each key it counts. */
export interface Limit {
  name: string;
  limit: number;
  windowMs: number;
}

const keyOf = (limit: Limit, key: string) => createHash('sha256').update(`${limit.name}\n${key}`).digest('base64url');

/**
 * Counts one hit of `key` under `limit` in users' database (docs/design.md §7), so every replica enforces one budget
 * and a restart forgets nothing; answers 0 when allowed, else the seconds until the key's window ends. A fixed
 * window per key: the first hit opens it, hits beyond the limit are refused without extending it. One statement
 * decides, so concurrent hits from several replicas count one another. On a transaction, the hit is taken back
 * with it.
 */
export async function hitLimit(db: Executor, limit: Limit, key: string): Promise<number> {
  const hash = keyOf(limit, key);
  const seconds = limit.windowMs / 1000;
  // `hits` is assigned before `resets_at`, and both read the row's old `resets_at`: MariaDB assigns left to right
  // (and with SIMULTANEOUS_ASSIGNMENT both read the old values anyway).
  await db.execute(sql`
    INSERT INTO ${rateLimits} (key_hash, hits, resets_at)
    VALUES (${hash}, 1, CURRENT_TIMESTAMP(3) + INTERVAL ${seconds} SECOND)
    ON DUPLICATE KEY UPDATE
      hits = IF(resets_at <= CURRENT_TIMESTAMP(3), 1, LEAST(hits + 1, ${limit.limit + 1})),
      resets_at = IF(resets_at <= CURRENT_TIMESTAMP(3), CURRENT_TIMESTAMP(3) + INTERVAL ${seconds} SECOND, resets_at)`);
  const [row] = await db
    .select({ hits: rateLimits.hits, left: sql<number>`TIMESTAMPDIFF(MICROSECOND, CURRENT_TIMESTAMP(3), ${rateLimits.resetsAt})` })
    .from(rateLimits)
    .where(sql`${rateLimits.keyHash} = ${hash}`);
  if (!row || row.hits <= limit.limit) return 0;
  return Math.max(1, Math.ceil(Number(row.left) / 1e6));
}

/** Forgets keys whose window is over, a bounded batch at a time so no statement holds the table long. */
export async function pruneRateLimits(db: Executor): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [result] = await db.execute(sql`DELETE FROM ${rateLimits} WHERE resets_at <= CURRENT_TIMESTAMP(3) LIMIT 5000`);
    if ((result as unknown as { affectedRows: number }).affectedRows < 5000) return;
  }
}
