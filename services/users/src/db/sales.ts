import { eq, inArray, sql } from 'drizzle-orm';
import { splitSale } from '../domain/fees.js';
import { entryOf } from './ledger.js';
import { balances, ledgerEntries } from './schema.js';
import { inTransaction, isDuplicateKey, type Db, type Tx } from './store.js';

export type SettleResult =
  | { ok: true; balance: number; proceeds: number; fee: number }
  | { ok: false; reason: 'not_debited' | 'refunded' | 'order_mismatch' };

/** Locks the balance rows of these people in id order, so two transactions locking the same pair never deadlock. */
async function lockBalances(tx: Tx, userIds: number[]): Promise<Map<number, number>> {
  const rows = await tx
    .select({ userId: balances.userId, amount: balances.amount })
    .from(balances)
    .where(inArray(balances.userId, userIds))
    .orderBy(balances.userId)
    .for('update');
  return new Map(rows.map((r) => [r.userId, r.amount]));
}

/** What an earlier settlement of the order answered, or a mismatch when it went to another seller. */
async function earlierSettlement(tx: Db | Tx, orderId: number, sellerId: number): Promise<SettleResult | undefined> {
  const sale = await entryOf(tx, 'SALE', orderId);
  if (!sale) return undefined;
  if (sale.userId !== sellerId) return { ok: false, reason: 'order_mismatch' };
  const fee = await entryOf(tx, 'FEE', orderId);
  return { ok: true, balance: sale.balanceAfter, proceeds: sale.amount, fee: fee?.amount ?? 0 };
}

/**
 * Moves a delivered order's charge out of escrow: the proceeds to the seller, the fee (rounded down) to the
 * platform; once per order whatever the retries (the unique (kind, order_id) index, and the look-up under the
 * consumer's balance lock that refundForOrder takes too, so an order is either refunded or sold, never both).
 */
export async function settleOrder(db: Db, req: { orderId: number; sellerId: number }, feeBps: number): Promise<SettleResult> {
  const debit = await entryOf(db, 'DEBIT', req.orderId);
  if (!debit) return { ok: false, reason: 'not_debited' };
  // a seller's balance row appears with their first sale
  await db.insert(balances).ignore().values({ userId: req.sellerId, amount: 0 });
  try {
    return await inTransaction(db, async (tx) => {
      const held = await lockBalances(tx, [...new Set([debit.userId, req.sellerId])]);
      const earlier = await earlierSettlement(tx, req.orderId, req.sellerId);
      if (earlier) return earlier;
      if (await entryOf(tx, 'REFUND', req.orderId)) return { ok: false, reason: 'refunded' };
      const { proceeds, fee } = splitSale(debit.amount, feeBps);
      await tx
        .update(balances)
        .set({ amount: sql`${balances.amount} + ${proceeds}` })
        .where(eq(balances.userId, req.sellerId));
      const balance = (held.get(req.sellerId) ?? 0) + proceeds;
      const sale = { userId: req.sellerId, orderId: req.orderId, balanceAfter: balance };
      const entries: (typeof ledgerEntries.$inferInsert)[] = [{ ...sale, kind: 'SALE', amount: proceeds }];
      if (fee > 0) entries.push({ ...sale, kind: 'FEE', amount: fee });
      await tx.insert(ledgerEntries).values(entries);
      return { ok: true, balance, proceeds, fee };
    });
  } catch (e) {
    // the same order settled at once for two sellers: the loser's transaction rolled back whole
    const answer = isDuplicateKey(e) ? await earlierSettlement(db, req.orderId, req.sellerId) : undefined;
    if (!answer) throw e;
    return answer;
  }
}
