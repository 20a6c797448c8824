import { and, eq, gte, sql } from 'drizzle-orm';
import { balances, banks, ledgerEntries, users, withdrawals } from './schema.js';
import { inTransaction, type Db, type Tx } from './store.js';

export interface WithdrawalMade {
  id: number;
  amount: number;
  bank: { id: number; name: string };
  balance: number;
}
export type WithdrawalResult =
  | ({ ok: true } & WithdrawalMade)
  | { ok: false; reason: 'no_bank' }
  | { ok: false; reason: 'key_reused' }
  | { ok: false; reason: 'insufficient_funds'; balance: number };

/**
 * Takes `amount` out of the person's balance to the bank on their profile. The balance row is locked first, so
 * concurrent withdrawals are decided one after another and none can take what another already took; the UPDATE
 * also keeps the condition, so a balance never goes below zero. With an Idempotency-Key the same key answers as
 * its first withdrawal did (keys share one namespace per person with top-ups).
 */
export async function withdraw(
  db: Db,
  userId: number,
  amount: number,
  idempotencyKey: string | undefined,
  /** Runs in the withdrawal's transaction once the money has left (not on a replay). */
  onWithdrawn: (tx: Tx, made: WithdrawalMade) => Promise<void>,
): Promise<WithdrawalResult> {
  return inTransaction(db, async (tx) => {
    const [held] = await tx.select({ amount: balances.amount }).from(balances).where(eq(balances.userId, userId)).for('update');
    if (idempotencyKey !== undefined) {
      const [earlier] = await tx
        .select({ kind: ledgerEntries.kind, amount: ledgerEntries.amount, balanceAfter: ledgerEntries.balanceAfter, id: withdrawals.id, bankId: banks.id, bankName: banks.name })
        .from(ledgerEntries)
        .leftJoin(withdrawals, eq(withdrawals.id, ledgerEntries.withdrawalId))
        .leftJoin(banks, eq(banks.id, withdrawals.bankId))
        .where(and(eq(ledgerEntries.userId, userId), eq(ledgerEntries.idempotencyKey, idempotencyKey)));
      if (earlier) {
        if (earlier.kind !== 'WITHDRAWAL' || earlier.amount !== amount || earlier.id === null || earlier.bankId === null) {
          return { ok: false, reason: 'key_reused' };
        }
        return { ok: true, id: earlier.id, amount, bank: { id: earlier.bankId, name: earlier.bankName! }, balance: earlier.balanceAfter };
      }
    }
    const [profile] = await tx
      .select({ bankId: banks.id, bankName: banks.name })
      .from(users)
      .innerJoin(banks, eq(banks.id, users.bankId))
      .where(eq(users.id, userId));
    if (!profile) return { ok: false, reason: 'no_bank' };
    if (!held || held.amount < amount) return { ok: false, reason: 'insufficient_funds', balance: held?.amount ?? 0 };
    const [res] = await tx
      .update(balances)
      .set({ amount: sql`${balances.amount} - ${amount}` })
      .where(and(eq(balances.userId, userId), gte(balances.amount, amount)));
    if (res.affectedRows === 0) return { ok: false, reason: 'insufficient_funds', balance: held.amount };
    const [made] = await tx.insert(withdrawals).values({ userId, bankId: profile.bankId, amount }).$returningId();
    const balance = held.amount - amount;
    await tx.insert(ledgerEntries).values({ userId, kind: 'WITHDRAWAL', amount, withdrawalId: made.id, balanceAfter: balance, idempotencyKey });
    const done: WithdrawalMade = { id: made.id, amount, bank: { id: profile.bankId, name: profile.bankName }, balance };
    await onWithdrawn(tx, done);
    return { ok: true, ...done };
  });
}
