import type { FeatureRow } from '@marketshare/contracts';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';


const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

// Every catalog read filters on `published`, so the listing indexes are partial: deleted products cost nothing.
const listed = sql`published`;

export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    sellerId: integer('seller_id').notNull(),
    name: varchar('name', { length: 120 }).notNull(),
    description: varchar('description', { length: 2000 }).notNull(),
    category: varchar('category', { length: 40 }).notNull(),
    state: varchar('state', { length: 10 }).notNull(),
    colors: text('colors').array().notNull().default(sql`'{}'::text[]`),
    // Unit price in minor units; bigint because 10^11 centavos do not fit an int4.
    price: bigint('price', { mode: 'number' }).notNull(),
    discount: smallint('discount').notNull().default(0),
    stock: integer('stock').notNull(),
    featuresText: varchar('features_text', { length: 5000 }).notNull().default(''),
    featuresRows: jsonb('features_rows').$type<FeatureRow[]>().notNull().default(sql`'[]'::jsonb`),
    specialFeatures: text('special_features').array().notNull().default(sql`'{}'::text[]`),
    // Review ratings are multiples of 0.5, so a double holds their sum exactly.
    ratingSum: doublePrecision('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    // The seller's display name (organization, else username) as the users service shows it publicly, kept here so
    // the catalog can search it without reading users' database (docs/internals.md, "Seller names in the catalog").
    sellerName: varchar('seller_name', { length: 200 }).notNull().default(''),
    // The Idempotency-Key the seller's request to publish it carried, and a digest of what that request said: the
    // same key again answers this product, and with another product it is refused (docs/internals.md).
    idempotencyKey: text('idempotency_key'),
    idempotencyDigest: text('idempotency_digest'),
    published: boolean('published').notNull().default(true),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Derived columns kept by PostgreSQL itself so filters and sorts can use plain indexes.
    // The price a buyer pays for one unit (discount applied, rounded half up, as orderTotal does).
    finalPrice: bigint('final_price', { mode: 'number' })
      .notNull()
      .generatedAlwaysAs(sql`(price * (100 - discount) + 50) / 100`),
    ratingAverage: doublePrecision('rating_average')
      .notNull()
      .generatedAlwaysAs(sql`CASE WHEN rating_count > 0 THEN rating_sum / rating_count ELSE 0 END`),
    // Accent-insensitive full-text document over the product's words, its category's names in both languages and its
    // seller's name; the functions are created by migrations 0000 and 0004.
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`products_search_document(name, description, features_text, features_rows, category, seller_name)`,
      ),
  },
  (t) => [
    index('products_newest_idx').on(t.publishedAt.desc(), t.id.desc()).where(listed),
    index('products_category_newest_idx').on(t.category, t.publishedAt.desc(), t.id.desc()).where(listed),
    index('products_seller_newest_idx').on(t.sellerId, t.publishedAt.desc(), t.id.desc()).where(listed),
    index('products_final_price_idx').on(t.finalPrice, t.id).where(listed),
    index('products_rating_idx').on(t.ratingAverage.desc(), t.id.desc()).where(listed),
    index('products_search_idx').using('gin', t.search).where(listed),
    uniqueIndex('products_idempotency_uq').on(t.sellerId, t.idempotencyKey),
  ],
);

export const productImages = pgTable(
  'product_images',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    // Server-made file names only (`<32 hex>.<ext>`): never the client's name, never a path.
    file: varchar('file', { length: 64 }).notNull(),
    thumbnailFile: varchar('thumbnail_file', { length: 64 }).notNull(),
    contentType: varchar('content_type', { length: 32 }).notNull(),
    bytes: integer('bytes').notNull(),
    position: smallint('position').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('product_images_product_idx').on(t.productId, t.position),
    uniqueIndex('product_images_file_idx').on(t.file),
    // the sweep of staged files asks which names a row points to, thumbnails included
    uniqueIndex('product_images_thumbnail_file_idx').on(t.thumbnailFile),
  ],
);

/** One row per order that took stock: the key that makes reserve and release idempotent. */
export const stockReservations = pgTable('stock_reservations', {
  orderId: integer('order_id').primaryKey(),
  productId: integer('product_id')
    .notNull()
    .references(() => products.id),
  quantity: integer('quantity').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  releasedAt: timestamp('released_at', { withTimezone: true }),
});

/** One row per review counted into a product's rating: the key that makes rating events idempotent. */
export const productRatings = pgTable('product_ratings', {
  reviewId: integer('review_id').primaryKey(),
  productId: integer('product_id')
    .notNull()
    .references(() => products.id),
  rating: doublePrecision('rating').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const schema = { products, productImages, stockReservations, productRatings };
export type ProductRow = typeof products.$inferSelect;
export type ImageRow = typeof productImages.$inferSelect;
