import { describe, expect, it } from 'vitest';
import { saleProceeds } from '../src/proceeds.js';

describe('saleProceeds', () => {
  it('keeps nothing at the default fee of 0', () => {
    expect(saleProceeds(12_345, 0)).toEqual({ fee: 0, seller: 12_345 });
  });

  it('rounds the fee down and gives the remainder to the seller', () => {
    // 2.5 % of 999 cents is 24.975 cents
    expect(saleProceeds(999, 250)).toEqual({ fee: 24, seller: 975 });
    for (const [total, bps] of [[1, 9_999], [101, 333], [1_000_000_007, 1]]) {
      const { fee, seller } = saleProceeds(total, bps);
      expect(fee + seller).toBe(total);
      expect(fee).toBe(Math.floor((total * bps) / 10_000));
    }
    expect(saleProceeds(500, 10_000)).toEqual({ fee: 500, seller: 0 });
  });

  it('refuses amounts and fees that are not whole or out of range', () => {
    expect(() => saleProceeds(10.5, 100)).toThrow(RangeError);
    expect(() => saleProceeds(-1, 100)).toThrow(RangeError);
    expect(() => saleProceeds(100, 10_001)).toThrow(RangeError);
    expect(() => saleProceeds(100, 1.5)).toThrow(RangeError);
  });
});
