import { DEFAULT_CURRENCY, orderTotal, type OrderStatus, type Product } from '@marketshare/contracts';

/** The fields of a product (as products' internal endpoint describes it) that a purchase reads. */
export type ProductSnapshot = Pick<Product, 'id' | 'sellerId' | 'name' | 'category' | 'price' | 'discount' | 'stock' | 'colors' | 'published'>;

export interface PricedLine {
  unitPrice: number;
  discount: number;
  total: number;
  currency: string;
}

/** The price of a purchase, from the product alone: nothing a client sends takes part (docs/design.md §9, defect 2). */
export function priceLine(product: Pick<ProductSnapshot, 'price' | 'discount'>, quantity: number): PricedLine {
  return {
    unitPrice: product.price,
    discount: product.discount,
    total: orderTotal(product.price, product.discount, quantity),
    currency: DEFAULT_CURRENCY,
  };
}

/** A deleted (unpublished) product can still be read internally but can no longer be bought. */
export const isPurchasable = (product: ProductSnapshot) => product.published !== false;

/**
 * The colour an order records: none when none was asked for; otherwise it must be one the product offers.
 * Returns undefined for a colour the product does not come in.
 */
export function chosenColor(offered: readonly string[], requested: string | null | undefined): string | null | undefined {
  if (requested === undefined || requested === null) return null;
  return offered.includes(requested) ? requested : undefined;
}

/**
 * What an answer of a remote saga step means. `done`: it happened (or had already happened: the steps are
 * idempotent per order). `refused`: a definite no, so nothing was done. `unknown`: no answer we can trust (a
 * timeout, a 5xx, our own credentials refused); the step must be retried, never assumed either way.
 */
export type StepOutcome = 'done' | 'refused' | 'unknown';
export function stepOutcome(status: number | undefined): StepOutcome {
  if (status === undefined) return 'unknown';
  if (status >= 200 && status < 300) return 'done';
  if (status === 401 || status === 403 || status === 408 || status === 429) return 'unknown';
  if (status >= 400 && status < 500) return 'refused';
  return 'unknown';
}

/**
 * The status a purchase settles on. Stock is reserved before money is debited, so a purchase that fails both
 * checks is SIN_STOCK (the original let RECHAZADO win; which one wins does not matter as long as nothing stays
 * reserved or charged, and checking stock first means a sold-out product never touches anyone's balance).
 */
export function settledStatus(stock: StepOutcome, balance: StepOutcome | null): OrderStatus | null {
  if (stock === 'refused') return 'SIN_STOCK';
  if (stock === 'unknown' || balance === null || balance === 'unknown') return null;
  return balance === 'done' ? 'RECIBIDO' : 'RECHAZADO';
}

/**
 * What a rejected purchase must give back, from the raw answers of its steps. A definite refusal of the stock
 * step means nothing was ever taken for the order (the steps are idempotent, so an earlier driver's reservation
 * would have made this answer a yes), and a refused debit means only the stock was taken. An unanswered step may
 * have happened, and then everything after it may have too, so all of it is given back.
 */
export function stepsToUndo(stock: StepOutcome, balance: StepOutcome | null): { stock: boolean; balance: boolean } {
  if (stock === 'refused') return { stock: false, balance: false };
  if (stock === 'unknown') return { stock: true, balance: true };
  return { stock: true, balance: balance !== 'refused' };
}
