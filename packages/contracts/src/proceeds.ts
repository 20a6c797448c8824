// How a delivered order's total splits between the seller and the marketplace (issue 16 §1). The ledger and the
// seller's delivered-sale e-mail both use this one function, so the amount an e-mail announces is the amount
// credited. Amounts are integer cents; the fee is in basis points (MARKETPLACE_FEE_BPS, 0 to 10 000).

export interface SaleProceeds {
  /** What the marketplace keeps: the fee, rounded down. */
  fee: number;
  /** What the seller is credited: the total less the fee, so the rounding remainder goes to the seller. */
  seller: number;
}

export function saleProceeds(total: number, feeBps: number): SaleProceeds {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`order total must be whole cents >= 0, got ${total}`);
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000) throw new RangeError(`fee must be 0 to 10000 basis points, got ${feeBps}`);
  const fee = Math.floor((total * feeBps) / 10_000);
  return { fee, seller: total - fee };
}
