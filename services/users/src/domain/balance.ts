// Rules of the consumer balance (a ledger of minor units, ARS).

export const CURRENCY = 'ARS';
/** A balance stays far below 2^53 so every amount stays an exact JavaScript number. */
export const MAX_BALANCE = 1_000_000_000_000_000;

export type DebitRecord = { userId: number; amount: number };

/**
 * What a repeated debit of an order means. The same order debited again with the same consumer and amount is a
 * retry and answers like the first; anything else reuses an order id for a different charge, which is refused.
 */
export function repeatedDebit(existing: DebitRecord, request: { consumerId: number; amount: number }): 'retry' | 'mismatch' {
  return existing.userId === request.consumerId && existing.amount === request.amount ? 'retry' : 'mismatch';
}
