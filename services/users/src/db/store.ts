import type { MySql2Database } from 'drizzle-orm/mysql2';
import type { Schema } from './schema.js';

export type Db = MySql2Database<Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries run on: the pool, or an open transaction. */
export type Executor = Db | Tx;

const codeOf = (e: unknown): string | undefined => {
  for (let cur = e as { code?: string; cause?: unknown } | undefined; cur; cur = cur.cause as typeof cur) {
    if (typeof cur.code === 'string') return cur.code;
  }
  return undefined;
};

/** A unique index refused the row (drizzle wraps the driver's error, so look through `cause`). */
export const isDuplicateKey = (e: unknown) => codeOf(e) === 'ER_DUP_ENTRY';

/** The name of the unique index a duplicate-key error names, when it names one. */
export function duplicateKeyName(e: unknown): string | undefined {
  for (let cur = e as { message?: string; cause?: unknown } | undefined; cur; cur = cur.cause as typeof cur) {
    const m = /for key '(?:[^'.]*\.)?([^']+)'/.exec(cur.message ?? '');
    if (m) return m[1];
  }
  return undefined;
}

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/**
 * Runs `fn` in a READ COMMITTED transaction, again when InnoDB picks it as a deadlock victim: concurrent
 * registrations naming the same new organization, or debits racing on one balance, may deadlock and are
 * safe to repeat because nothing of a rolled-back attempt remains.
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  return runWrite(() => db.transaction(fn, { isolationLevel: 'read committed' }), attempts);
}

/** Runs a write that is a transaction of its own (a stored procedure's, or inTransaction's), with the same retries. */
export async function runWrite<T>(write: () => Promise<T>, attempts = 4): Promise<T> {
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (e) {
        if (attempt >= attempts || !RETRYABLE.has(codeOf(e) ?? '')) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  } finally {
    writes++;
  }
}

// Every write of this process goes through runWrite; read caches compare this count to know when what they hold may
// be out of date.
let writes = 0;
export const writeCount = () => writes;
