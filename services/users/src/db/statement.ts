import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { LedgerKind } from '@marketshare/contracts';
import type { LedgerRow } from '../domain/statement.js';
import { balances, banks, ledgerEntries, withdrawals } from './schema.js';
import type { Db } from './store.js';

export interface StatementFilter {
  userId: number;
  kind?: LedgerKind;
  /** First instant included. */
  from?: Date;
  /** First instant excluded. */
  until?: Date;
}

const whereOf = (f: StatementFilter): SQL | undefined =>
  and(
    eq(ledgerEntries.userId, f.userId),
    f.kind ? eq(ledgerEntries.kind, f.kind) : undefined,
    f.from ? gte(ledgerEntries.createdAt, f.from) : undefined,
    f.until ? lt(ledgerEntries.createdAt, f.until) : undefined,
  );

/** The person's movements matching `f`, newest first; `limit` and `offset` page them. */
export function statementRows(db: Db, f: StatementFilter, page?: { limit: number; offset: number }): Promise<LedgerRow[]> {
  const q = db
    .select({
      id: ledgerEntries.id,
      kind: ledgerEntries.kind,
      amount: ledgerEntries.amount,
      balanceAfter: ledgerEntries.balanceAfter,
      orderId: ledgerEntries.orderId,
      withdrawalId: ledgerEntries.withdrawalId,
      bank: banks.name,
      createdAt: ledgerEntries.createdAt,
    })
    .from(ledgerEntries)
    .leftJoin(withdrawals, eq(withdrawals.id, ledgerEntries.withdrawalId))
    .leftJoin(banks, eq(banks.id, withdrawals.bankId))
    .where(whereOf(f))
    // ids grow with commits on one balance (its row lock orders them), so they order a person's movements exactly
    .orderBy(desc(ledgerEntries.id));
  return page ? q.limit(page.limit).offset(page.offset) : q;
}

export async function countStatementRows(db: Db, f: StatementFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(ledgerEntries).where(whereOf(f));
  return row?.n ?? 0;
}

/** The person's balance (zero when they never held money). */
export async function findBalance(db: Db, userId: number): Promise<number> {
  const [row] = await db.select({ amount: balances.amount }).from(balances).where(eq(balances.userId, userId));
  return row?.amount ?? 0;
}
