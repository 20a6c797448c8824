import { and, eq, isNull, sql } from 'drizzle-orm';
import { conflict, notFound } from '@marketshare/service-kit';
import type { Db } from './catalog.js';
import { products, stockReservations } from './schema.js';

export interface Reservation {
  orderId: number;
  productId: number;
  quantity: number;
  stock: number;
  released: boolean;
}

/**
 * Takes `quantity` units for an order, once. One transaction: the reservation row (its primary key is the order id,
 * so a retry or a concurrent duplicate finds it) and a conditional decrement that PostgreSQL evaluates under the row
 * lock, so stock can never go below zero however many orders race. Nothing is recorded when stock is short.
 */
export async function reserveStock(db: Db, orderId: number, productId: number, quantity: number): Promise<Reservation> {
  return db.transaction(async (tx) => {
    // Products are never removed (deleting unpublishes), so this check cannot be overtaken.
    const [product] = await tx.select({ published: products.published }).from(products).where(eq(products.id, productId));
    if (!product) throw notFound('Product');
    const inserted = await tx
      .insert(stockReservations)
      .values({ orderId, productId, quantity })
      .onConflictDoNothing()
      .returning({ orderId: stockReservations.orderId });
    if (!inserted.length) {
      // The same order again: answer what the first call did, without moving stock.
      const [existing] = await tx.select().from(stockReservations).where(eq(stockReservations.orderId, orderId));
      if (existing.productId !== productId || existing.quantity !== quantity) {
        throw conflict(`Order ${orderId} already reserved ${existing.quantity} of product ${existing.productId}`, 'reservation_mismatch');
      }
      const [p] = await tx.select({ stock: products.stock }).from(products).where(eq(products.id, productId));
      return { orderId, productId, quantity, stock: p.stock, released: existing.releasedAt !== null };
    }
    const [taken] = await tx
      .update(products)
      .set({ stock: sql`${products.stock} - ${quantity}` })
      .where(and(eq(products.id, productId), sql`${products.stock} >= ${quantity}`, sql`${products.published}`))
      .returning({ stock: products.stock });
    if (!taken) {
      // Throwing rolls the reservation row back: a refused order leaves no trace here.
      throw conflict(product.published ? 'Not enough stock for this order' : 'This product is no longer sold', 'insufficient_stock');
    }
    return { orderId, productId, quantity, stock: taken.stock, released: false };
  });
}

/** Gives an order's units back, exactly once; later calls answer the same without moving stock. */
export async function releaseStock(db: Db, orderId: number): Promise<Reservation> {
  return db.transaction(async (tx) => {
    const [released] = await tx
      .update(stockReservations)
      .set({ releasedAt: new Date() })
      .where(and(eq(stockReservations.orderId, orderId), isNull(stockReservations.releasedAt)))
      .returning();
    if (released) {
      const [p] = await tx
        .update(products)
        .set({ stock: sql`${products.stock} + ${released.quantity}` })
        .where(eq(products.id, released.productId))
        .returning({ stock: products.stock });
      return { orderId, productId: released.productId, quantity: released.quantity, stock: p.stock, released: true };
    }
    const [existing] = await tx.select().from(stockReservations).where(eq(stockReservations.orderId, orderId));
    if (!existing) throw notFound('Reservation');
    const [p] = await tx.select({ stock: products.stock }).from(products).where(eq(products.id, existing.productId));
    return { orderId, productId: existing.productId, quantity: existing.quantity, stock: p.stock, released: true };
  });
}
