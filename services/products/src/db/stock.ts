import { conflict, notFound } from '@marketshare/service-kit';
import type { Pool } from 'pg';

export interface Reservation {
  orderId: number;
  productId: number;
  quantity: number;
  stock: number;
  released: boolean;
}

interface StockRow {
  outcome: string;
  product_id: number | null;
  quantity: number | null;
  stock: number | null;
  released?: boolean | null;
}

/** The price an order charges for one unit; a reservation that names it is granted only while the product has it. */
export interface ExpectedPrice {
  unitPrice?: number;
  discount?: number;
}

/**
 * Takes `quantity` units for an order, once: a retry answers what the first call did without moving stock, and
 * stock never goes below zero however many orders race. Nothing is recorded when stock is short or the price is not
 * the expected one. The rules run in the database function reserve_stock (migrations 0002 and 0003), so this is one
 * round trip.
 */
export async function reserveStock(
  pool: Pool,
  orderId: number,
  productId: number,
  quantity: number,
  expected: ExpectedPrice = {},
): Promise<Reservation> {
  const {
    rows: [row],
  } = await pool.query<StockRow>({
    name: 'reserve_stock',
    text: 'SELECT * FROM reserve_stock($1, $2, $3, $4, $5)',
    values: [orderId, productId, quantity, expected.unitPrice ?? null, expected.discount ?? null],
  });
  switch (row.outcome) {
    case 'reserved':
      return { orderId, productId, quantity, stock: row.stock!, released: row.released! };
    case 'unknown_product':
      throw notFound('Product');
    case 'mismatch':
      throw conflict(`Order ${orderId} already reserved ${row.quantity} of product ${row.product_id}`, 'reservation_mismatch');
    case 'insufficient_stock':
      throw conflict('Not enough stock for this order', 'insufficient_stock');
    case 'unpublished':
      throw conflict('This product is no longer sold', 'insufficient_stock');
    case 'price_changed':
      throw conflict('The price of this product is no longer the one this order was priced at', 'price_changed');
    default:
      throw new Error(`reserve_stock answered ${row.outcome}`);
  }
}

/** Gives an order's units back, exactly once; later calls answer the same without moving stock (one round trip). */
export async function releaseStock(pool: Pool, orderId: number): Promise<Reservation> {
  const {
    rows: [row],
  } = await pool.query<StockRow>({ name: 'release_stock', text: 'SELECT * FROM release_stock($1)', values: [orderId] });
  if (row.outcome === 'unknown_reservation') throw notFound('Reservation');
  if (row.outcome !== 'released') throw new Error(`release_stock answered ${row.outcome}`);
  return { orderId, productId: row.product_id!, quantity: row.quantity!, stock: row.stock!, released: true };
}
