// How a delivered order's charge is split between its seller and the platform.

/** Basis points: 10,000 is the whole amount. */
export const MAX_FEE_BPS = 10_000;

/** The marketplace's fee on `amount`, rounded down; the remainder is the seller's. */
export function splitSale(amount: number, feeBps: number): { proceeds: number; fee: number } {
  // in BigInt: amount × bps may pass 2^53 for large totals, and the fee must be exact
  const fee = Number((BigInt(amount) * BigInt(feeBps)) / BigInt(MAX_FEE_BPS));
  return { proceeds: amount - fee, fee };
}
