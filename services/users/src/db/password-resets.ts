import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { passwordResets, users } from './schema.js';
import type { Db, Tx } from './store.js';

/** How long a reset link works. */
export const RESET_TTL_MS = 30 * 60_000;
/** The window of both reset limits (per address in rate_limits, per account in the links themselves). */
export const RESET_WINDOW_MS = 15 * 60_000;

export const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex');
// Times are compared in the database's own clock, which also stamped the rows.
const since = (ms: number) => sql`CURRENT_TIMESTAMP(3) - INTERVAL ${ms / 1000} SECOND`;

/** The accounts a login names: by username, or every account with that e-mail address. */
export function accountsNamed(db: Db, login: string) {
  return db
    .select({ id: users.id, username: users.username, email: users.email, locale: users.locale })
    .from(users)
    .where(or(eq(users.username, login), eq(users.email, login)))
    .limit(5);
}

/**
 * A new link for the account, or undefined when it had `perWindow` links in the window already. The account's row
 * is locked, so concurrent requests count one another.
 */
export async function issueResetToken(tx: Tx, userId: number, perWindow: number): Promise<{ token: string; expiresAt: Date } | undefined> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  const [recent] = await tx
    .select({ n: count() })
    .from(passwordResets)
    .where(and(eq(passwordResets.userId, userId), gt(passwordResets.createdAt, since(RESET_WINDOW_MS))));
  if ((recent?.n ?? 0) >= perWindow) return undefined;
  const token = randomBytes(32).toString('base64url');
  await tx
    .insert(passwordResets)
    .values({ userId, tokenHash: tokenHashOf(token), expiresAt: sql`CURRENT_TIMESTAMP(3) + INTERVAL ${RESET_TTL_MS / 1000} SECOND` });
  // for the e-mail's words only; the database decides when the link stops working
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  return { token, expiresAt };
}

/**
 * Spends a link: the account it opens, or undefined when the token is unknown, used or expired. Every other
 * outstanding link of the account is spent with it.
 */
export async function spendResetToken(tx: Tx, token: string): Promise<number | undefined> {
  const [link] = await tx
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, tokenHashOf(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, sql`CURRENT_TIMESTAMP(3)`)))
    .for('update');
  if (!link) return undefined;
  await tx
    .update(passwordResets)
    .set({ usedAt: sql`CURRENT_TIMESTAMP(3)` })
    .where(and(eq(passwordResets.userId, link.userId), isNull(passwordResets.usedAt)));
  return link.userId;
}
