import { and, eq, lte, sql } from 'drizzle-orm';
import { MAX_BALANCE, repeatedDebit } from '../domain/balance.js';
import { balances, ledgerEntries, type LedgerKind } from './schema.js';
import { inTransaction, isDuplicateKey, runWrite, type Db, type Executor, type Tx } from './store.js';

// Every change of a balance is one transaction that moves `balances.amount` with a conditional UPDATE and records
// the movement in `ledger_entries`; the unique (kind, order_id) index makes debits and refunds happen once per order,
// and the unique (user_id, idempotency_key) index a keyed top-up once per key.

export type BalanceFailure = 'no_consumer' | 'insufficient_funds' | 'order_mismatch' | 'not_debited' | 'balance_limit' | 'refunded' | 'settled';
export type BalanceResult = { ok: true; balance: number } | { ok: false; reason: BalanceFailure };
export type TopUpResult = BalanceResult | { ok: false; reason: 'key_reused' };

/** Locks the consumer's balance row, so operations on one balance run one after another. */
async function lockBalance(tx: Tx, userId: number): Promise<number | undefined> {
  const [row] = await tx.select({ amount: balances.amount }).from(balances).where(eq(balances.userId, userId)).for('update');
  return row?.amount;
}

export async function entryOf(db: Executor, kind: LedgerKind, orderId: number) {
  const [row] = await db
    .select({ userId: ledgerEntries.userId, amount: ledgerEntries.amount, balanceAfter: ledgerEntries.balanceAfter })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.kind, kind), eq(ledgerEntries.orderId, orderId)))
    .limit(1);
  return row;
}

/**
 * Adds to `run`'s result the one race the balance lock cannot order: the same order id sent for two different
 * consumers at once. The second insert then hits the unique index, its transaction rolls back whole, and the
 * answer is read from what the first one committed.
 */
async function onceForOrder(
  db: Db,
  run: () => Promise<BalanceResult>,
  replay: (db: Executor) => Promise<BalanceResult | undefined>,
) {
  try {
    return await run();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const answer = await replay(db);
    if (!answer) throw e;
    return answer;
  }
}

/**
 * Credits a top-up. With an Idempotency-Key the credit happens once: the same key again answers with the balance the
 * first one left, and the key with another amount is refused. The key is looked up under the balance lock, so a
 * concurrent retry waits for the first request to commit and then finds its entry.
 */
export async function topUp(db: Db, userId: number, amount: number, idempotencyKey?: string): Promise<TopUpResult> {
  return inTransaction(db, async (tx) => {
    const current = await lockBalance(tx, userId);
    if (current === undefined) return { ok: false, reason: 'no_consumer' };
    if (idempotencyKey !== undefined) {
      const [earlier] = await tx
        .select({ amount: ledgerEntries.amount, balanceAfter: ledgerEntries.balanceAfter })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.userId, userId), eq(ledgerEntries.idempotencyKey, idempotencyKey)));
      if (earlier) return earlier.amount === amount ? { ok: true, balance: earlier.balanceAfter } : { ok: false, reason: 'key_reused' };
    }
    const [res] = await tx
      .update(balances)
      .set({ amount: sql`${balances.amount} + ${amount}` })
      .where(and(eq(balances.userId, userId), lte(balances.amount, MAX_BALANCE - amount)));
    if (res.affectedRows === 0) return { ok: false, reason: 'balance_limit' };
    const balance = current + amount;
    await tx.insert(ledgerEntries).values({ userId, kind: 'TOPUP', amount, balanceAfter: balance, idempotencyKey });
    return { ok: true, balance };
  });
}

/**
 * Debits an order's total once: a retry answers as the first call did; never below zero. The transaction is the
 * stored procedure debit_for_order (migration 0001): one round trip for the write every purchase makes.
 */
export async function debitForOrder(db: Db, req: { orderId: number; consumerId: number; amount: number }): Promise<BalanceResult> {
  const replay = async (db: Executor): Promise<BalanceResult | undefined> => {
    const debit = await entryOf(db, 'DEBIT', req.orderId);
    if (!debit) return undefined;
    return repeatedDebit(debit, req) === 'retry' ? { ok: true, balance: debit.balanceAfter } : { ok: false, reason: 'order_mismatch' };
  };
  return onceForOrder(
    db,
    () =>
      runWrite(async () => {
        const [[[row]]] = (await db.execute(
          sql`CALL debit_for_order(${req.orderId}, ${req.consumerId}, ${req.amount})`,
        )) as unknown as [[DebitOutcome[]]];
        return row.outcome === 'ok' ? { ok: true, balance: Number(row.balance) } : { ok: false, reason: row.outcome };
      }),
    replay,
  );
}

/** The row debit_for_order answers with. */
type DebitOutcome =
  | { outcome: 'ok'; balance: number | string }
  | { outcome: 'no_consumer' | 'insufficient_funds' | 'order_mismatch' };

/** Gives back exactly what the order was debited, once. */
export async function refundForOrder(db: Db, req: { orderId: number; consumerId: number }): Promise<BalanceResult> {
  const replay = async (db: Executor): Promise<BalanceResult | undefined> => {
    const refund = await entryOf(db, 'REFUND', req.orderId);
    if (!refund) return undefined;
    return refund.userId === req.consumerId ? { ok: true, balance: refund.balanceAfter } : { ok: false, reason: 'order_mismatch' };
  };
  return onceForOrder(
    db,
    () =>
      inTransaction(db, async (tx) => {
        const current = await lockBalance(tx, req.consumerId);
        const debit = await entryOf(tx, 'DEBIT', req.orderId);
        if (!debit) return { ok: false, reason: 'not_debited' };
        if (debit.userId !== req.consumerId || current === undefined) return { ok: false, reason: 'order_mismatch' };
        const earlier = await replay(tx);
        if (earlier) return earlier;
        // settle locks this same balance row, so a sale and a refund of one order are decided one after the other
        if (await entryOf(tx, 'SALE', req.orderId)) return { ok: false, reason: 'settled' };
        await tx
          .update(balances)
          .set({ amount: sql`${balances.amount} + ${debit.amount}` })
          .where(eq(balances.userId, req.consumerId));
        const balance = current + debit.amount;
        await tx.insert(ledgerEntries).values({ userId: req.consumerId, kind: 'REFUND', amount: debit.amount, orderId: req.orderId, balanceAfter: balance });
        return { ok: true, balance };
      }),
    replay,
  );
}
