import type { LedgerKind, StatementEntry } from '@marketshare/contracts';

// A person's statement: their ledger rows as movements of their own balance, and the same as CSV.

/** What each kind of movement does to the balance of the person it names. */
const SIGN: Record<LedgerKind, -1 | 0 | 1> = { TOPUP: 1, DEBIT: -1, REFUND: 1, SALE: 1, FEE: 0, WITHDRAWAL: -1 };

export interface LedgerRow {
  id: number;
  kind: LedgerKind;
  amount: number;
  balanceAfter: number;
  orderId: number | null;
  withdrawalId: number | null;
  bank: string | null;
  createdAt: Date;
}

export const statementEntry = (row: LedgerRow): StatementEntry => ({
  id: row.id,
  kind: row.kind,
  amount: row.amount,
  change: SIGN[row.kind] * row.amount,
  balanceAfter: row.balanceAfter,
  orderId: row.orderId,
  withdrawalId: row.withdrawalId,
  bank: row.bank,
  createdAt: row.createdAt.toISOString(),
});

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
 * return) is prefixed with an apostrophe so it stays text; negative numbers are numbers, not formulas, and stay as
 * they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const STATEMENT_CSV_HEADER = ['date', 'kind', 'amount', 'change', 'balance_after', 'order_id', 'withdrawal_id', 'bank', 'currency'];

/** The statement as CSV, one movement a line, newest first. */
export function statementCsv(entries: StatementEntry[], currency: string): string {
  const lines = [STATEMENT_CSV_HEADER.join(',')];
  for (const e of entries) {
    lines.push([e.createdAt, e.kind, e.amount, e.change, e.balanceAfter, e.orderId, e.withdrawalId, e.bank, currency].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
