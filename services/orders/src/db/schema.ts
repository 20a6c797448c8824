import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { pgOutbox } from '@marketshare/service-kit';
import type { OrderStatus } from '@marketshare/contracts';
import type { StatusEntry } from '@marketshare/contracts';
import type { SagaPhase } from '../domain/order-state.js';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    consumerId: integer('consumer_id').notNull(),
    // What was bought, as the products service described it at purchase time: later price or name changes
    // never rewrite an order.
    sellerId: integer('seller_id').notNull(),
    productId: integer('product_id').notNull(),
    productName: text('product_name').notNull(),
    category: text('category').notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    discount: integer('discount').notNull(),
    quantity: integer('quantity').notNull(),
    color: text('color'),
    total: bigint('total', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    // Null while the purchase saga runs; then RECIBIDO, SIN_STOCK or RECHAZADO, and later steps.
    status: text('status').$type<OrderStatus>(),
    statusHistory: jsonb('status_history')
      .$type<StatusEntry[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    // Purchase saga: PENDING (stock and money steps may be under way), COMPENSATING (rejected; undoing them),
    // DONE (settled and visible). Orders that are not DONE stay out of every list.
    phase: text('phase').$type<SagaPhase>().notNull(),
    // Whoever drives an unsettled saga or compensation holds it until then; recovery takes over expired leases.
    leaseUntil: at('lease_until'),
    // A cancelled order owes a refund and a restock until this says DONE.
    compensation: text('compensation').$type<'PENDING' | 'DONE'>(),
    nextTransitionAt: at('next_transition_at'),
    // A delivered order owes its seller the proceeds until this says DONE (REFUSED: users refused to credit it,
    // which only an order that was also refunded or never charged can cause; it is logged and left for a person).
    settlement: text('settlement').$type<'PENDING' | 'DONE' | 'REFUSED'>(),
    idempotencyKey: text('idempotency_key'),
    // The consumer's contact details at purchase time, so later e-mails need no call to users.
    consumerEmail: text('consumer_email').notNull(),
    consumerName: text('consumer_name').notNull(),
    consumerLocale: text('consumer_locale').$type<'en' | 'es'>().notNull(),
    consumerOrganization: text('consumer_organization'),
    // The seller's, for the e-mails the seller gets about this sale (null on orders recorded before they were kept).
    sellerEmail: text('seller_email'),
    sellerName: text('seller_name'),
    sellerLocale: text('seller_locale').$type<'en' | 'es'>(),
    // The seller's organization at purchase time, which the receipt names (null on orders from before it was kept).
    sellerOrganization: text('seller_organization'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_idempotency_uq').on(t.consumerId, t.idempotencyKey),
    index('orders_consumer_idx').on(t.consumerId, t.createdAt),
    index('orders_seller_idx').on(t.sellerId, t.createdAt),
    index('orders_due_idx')
      .on(t.nextTransitionAt)
      .where(sql`next_transition_at is not null`),
    index('orders_unpaid_idx')
      .on(t.id)
      .where(sql`settlement = 'PENDING'`),
    index('orders_unsettled_idx')
      .on(t.leaseUntil)
      .where(sql`phase <> 'DONE' or compensation = 'PENDING'`),
  ],
);

export const reviews = pgTable(
  'reviews',
  {
    id: serial('id').primaryKey(),
    // One review per order, enforced by the database so two racing requests cannot both succeed.
    orderId: integer('order_id')
      .notNull()
      .unique()
      .references(() => orders.id),
    productId: integer('product_id').notNull(),
    sellerId: integer('seller_id').notNull(),
    consumerId: integer('consumer_id').notNull(),
    productName: text('product_name').notNull(),
    consumerName: text('consumer_name').notNull(),
    rating: doublePrecision('rating').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    // Whether the products service has counted this review in the product's rating summary.
    ratingSynced: boolean('rating_synced').notNull().default(false),
  },
  (t) => [
    index('reviews_product_idx').on(t.productId, t.createdAt),
    index('reviews_seller_idx').on(t.sellerId, t.createdAt),
    index('reviews_consumer_idx').on(t.consumerId, t.createdAt),
    index('reviews_unsynced_idx')
      .on(t.id)
      .where(sql`rating_synced = false`),
  ],
);

// The kit's outbox table, exported here so drizzle-kit creates it with this service's migrations.
export const outbox = pgOutbox;

export const schema = { orders, reviews, outbox };
export type OrderRow = typeof orders.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;
