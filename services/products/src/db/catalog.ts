import { and, asc, desc, eq, gt, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type {
  CatalogFacets, CategorySlug, ColorSlug, Product, ProductInput, ProductSort, ProductState, SpecialFeatureSlug,
} from '@marketshare/contracts';
import { prefixSearchTerms } from '../domain/product-rules.js';
import { productImages, products, schema, type ProductRow } from './schema.js';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface CatalogQuery {
  q?: string;
  category?: CategorySlug;
  sellerId?: number;
  state?: ProductState;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort?: ProductSort;
  page: number;
  pageSize: number;
}

// A product's images travel with it in the same query (one round trip per page), in display order. The outer row is
// named in full: drizzle leaves a single-table select's columns unqualified, and a bare "id" here would mean i.id.
const imagesColumn = sql<{ id: number; file: string; thumb: string }[]>`coalesce((
  select json_agg(json_build_object('id', i.id, 'file', i.file, 'thumb', i.thumbnail_file) order by i.position, i.id)
  from ${productImages} i where i.product_id = "products"."id"), '[]'::json)`;

const productColumns = {
  id: products.id,
  sellerId: products.sellerId,
  name: products.name,
  description: products.description,
  category: products.category,
  state: products.state,
  colors: products.colors,
  price: products.price,
  discount: products.discount,
  stock: products.stock,
  featuresText: products.featuresText,
  featuresRows: products.featuresRows,
  specialFeatures: products.specialFeatures,
  ratingSum: products.ratingSum,
  ratingCount: products.ratingCount,
  published: products.published,
  publishedAt: products.publishedAt,
  images: imagesColumn,
};
type ProductRecord = Omit<
  ProductRow,
  'updatedAt' | 'finalPrice' | 'ratingAverage' | 'search' | 'sellerName' | 'idempotencyKey' | 'idempotencyDigest'
> & {
  images: { id: number; file: string; thumb: string }[];
};

export function toProduct(r: ProductRecord): Product {
  return {
    id: r.id,
    sellerId: r.sellerId,
    name: r.name,
    description: r.description,
    category: r.category as CategorySlug,
    state: r.state as ProductState,
    colors: r.colors as ColorSlug[],
    price: r.price,
    discount: r.discount,
    stock: r.stock,
    features: { text: r.featuresText, rows: r.featuresRows },
    specialFeatures: r.specialFeatures as SpecialFeatureSlug[],
    images: r.images.map((i) => ({ id: i.id, url: `/images/${i.file}`, thumbnailUrl: `/images/${i.thumb}` })),
    rating: { average: r.ratingCount > 0 ? r.ratingSum / r.ratingCount : 0, count: r.ratingCount },
    publishedAt: new Date(r.publishedAt).toISOString(),
    published: r.published,
  };
}

// The bare column reference matches the partial indexes' `WHERE published` predicate.
const isListed = sql`${products.published}`;

/** One product; a deleted (unpublished) one only when asked for, as orders' history needs it. */
export async function findProduct(db: Db | Tx, id: number, opts: { includeUnpublished?: boolean } = {}): Promise<Product | undefined> {
  const where = opts.includeUnpublished ? eq(products.id, id) : and(eq(products.id, id), isListed);
  const [row] = await db.select(productColumns).from(products).where(where);
  return row ? toProduct(row) : undefined;
}

export type CatalogFilters = Omit<CatalogQuery, 'sort' | 'page' | 'pageSize'>;
const inStock = gt(products.stock, 0);

function catalogConditions(q: CatalogFilters): SQL[] {
  const conditions: SQL[] = [isListed];
  if (q.q !== undefined && q.q.trim()) conditions.push(sql`${products.search} @@ ${searchQuery(q.q)}`);
  if (q.category) conditions.push(eq(products.category, q.category));
  if (q.sellerId !== undefined) conditions.push(eq(products.sellerId, q.sellerId));
  if (q.state) conditions.push(eq(products.state, q.state));
  // The price range applies to the price a buyer pays (discount included), as the cards show it.
  if (q.minPrice !== undefined) conditions.push(gte(products.finalPrice, q.minPrice));
  if (q.maxPrice !== undefined) conditions.push(lte(products.finalPrice, q.maxPrice));
  if (q.inStock) conditions.push(inStock);
  return conditions;
}

/**
 * The user's words as a web-search query (quotes, `or`, `-word`), OR-ed with a prefix query over the same words so a
 * half-typed word still finds. Both go to PostgreSQL as bound parameters, both unaccented like the documents.
 */
function searchQuery(text: string): SQL {
  const exact = sql`websearch_to_tsquery('simple', products_unaccent(${text}))`;
  const terms = prefixSearchTerms(text);
  if (!terms.length) return exact;
  const prefix = terms.map((t) => `${t}:*`).join(' & ');
  return sql`(${exact} || to_tsquery('simple', products_unaccent(${prefix})))`;
}

// Each order matches one of the partial indexes (same direction and NULLS placement), so a page reads ~pageSize rows.
function catalogOrder(query: CatalogQuery): SQL[] {
  const newest = [sql`${products.publishedAt} desc nulls last`, sql`${products.id} desc nulls last`];
  switch (query.sort ?? 'newest') {
    case 'price_asc':
      return [asc(products.finalPrice), asc(products.id)];
    case 'price_desc':
      return [desc(products.finalPrice), desc(products.id)];
    case 'rating':
      return [sql`${products.ratingAverage} desc nulls last`, sql`${products.id} desc nulls last`];
    case 'relevance':
      return query.q?.trim() ? [sql`ts_rank(${products.search}, ${searchQuery(query.q)}) desc`, desc(products.id)] : newest;
    default:
      return newest;
  }
}

/** One page of the catalog in the asked order. */
export async function listProducts(db: Db, query: CatalogQuery): Promise<Product[]> {
  const rows = await db
    .select(productColumns)
    .from(products)
    .where(and(...catalogConditions(query)))
    .orderBy(...catalogOrder(query))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return rows.map(toProduct);
}

/** How many products match the filters: the page's `total`. Sort and page do not change it. */
export async function countProducts(db: Db, filters: CatalogFilters): Promise<number> {
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(products)
    .where(and(...catalogConditions(filters)));
  return total;
}

/** How many sellers the facets name at most: the ones with the most matching products. */
export const SELLER_FACET_LIMIT = 20;

/**
 * Per-option counts for the catalog's filters. Each facet counts under every other filter but its own (the usual
 * faceted-search rule), so choosing "Usado" still shows how many "Nuevo" there are. Two aggregate queries over the
 * same indexes as the page itself; the route caches them with the page.
 */
export async function catalogFacets(db: Db, filters: CatalogFilters): Promise<CatalogFacets> {
  const { state, inStock: onlyInStock, sellerId, ...rest } = filters;
  const besides = (cond?: SQL) => (cond ? sql` and ${cond}` : sql``);
  const stateCond = state ? eq(products.state, state) : undefined;
  const stockCond = onlyInStock ? inStock : undefined;
  const sellerCond = sellerId !== undefined ? eq(products.sellerId, sellerId) : undefined;
  const [[counts], sellers] = await Promise.all([
    db
      .select({
        nuevo: sql<number>`(count(*) filter (where ${products.state} = 'NUEVO'${besides(stockCond)}))::int`,
        usado: sql<number>`(count(*) filter (where ${products.state} = 'USADO'${besides(stockCond)}))::int`,
        inStock: sql<number>`(count(*) filter (where ${inStock}${besides(stateCond)}))::int`,
      })
      .from(products)
      .where(and(...catalogConditions(rest), ...(sellerCond ? [sellerCond] : []))),
    db
      .select({ id: products.sellerId, name: sql<string>`max(${products.sellerName})`, count: sql<number>`count(*)::int` })
      .from(products)
      .where(and(...catalogConditions({ ...rest, state, inStock: onlyInStock })))
      .groupBy(products.sellerId)
      .orderBy(sql`count(*) desc`, asc(products.sellerId))
      .limit(SELLER_FACET_LIMIT),
  ]);
  return { state: { NUEVO: counts.nuevo, USADO: counts.usado }, inStock: counts.inStock, sellers };
}

/** Published products per category (the catalog's category chips). */
export async function countByCategory(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ category: products.category, count: sql<number>`count(*)::int` })
    .from(products)
    .where(isListed)
    .groupBy(products.category);
  return new Map(rows.map((r) => [r.category, r.count]));
}

const columnsOf = (p: Partial<ProductInput>) => ({
  ...(p.name !== undefined && { name: p.name }),
  ...(p.description !== undefined && { description: p.description }),
  ...(p.category !== undefined && { category: p.category }),
  ...(p.state !== undefined && { state: p.state }),
  ...(p.colors !== undefined && { colors: p.colors }),
  ...(p.price !== undefined && { price: p.price }),
  ...(p.discount !== undefined && { discount: p.discount }),
  ...(p.stock !== undefined && { stock: p.stock }),
  ...(p.features !== undefined && { featuresText: p.features.text, featuresRows: p.features.rows }),
  ...(p.specialFeatures !== undefined && { specialFeatures: p.specialFeatures }),
});

/** The Idempotency-Key a seller's request to publish carried, with the digest of what the request said. */
export interface CreationKey {
  key: string;
  digest: string;
}

/**
 * Inserts a new product; its id, or undefined when the seller's Idempotency-Key is already on a product (the unique
 * index refused it, after waiting for a concurrent insert of the same key to commit or roll back).
 */
export async function insertProduct(
  tx: Tx,
  sellerId: number,
  sellerName: string,
  input: ProductInput,
  creation?: CreationKey,
): Promise<number | undefined> {
  const [row] = await tx
    .insert(products)
    .values({
      sellerId,
      sellerName,
      ...columnsOf(input),
      ...(creation && { idempotencyKey: creation.key, idempotencyDigest: creation.digest }),
    } as typeof products.$inferInsert)
    .onConflictDoNothing({ target: [products.sellerId, products.idempotencyKey] })
    .returning({ id: products.id });
  return row?.id;
}

/** The product a seller's Idempotency-Key published (deleted since or not), with its request's digest. */
export async function findProductByKey(db: Db, sellerId: number, key: string): Promise<{ product: Product; digest: string | null } | undefined> {
  const [row] = await db
    .select({ id: products.id, digest: products.idempotencyDigest })
    .from(products)
    .where(and(eq(products.sellerId, sellerId), eq(products.idempotencyKey, key)));
  const product = row && (await findProduct(db, row.id, { includeUnpublished: true }));
  return product && { product, digest: row.digest };
}

/** The seller's name as last stored on any of their products ('' when none has one). */
export async function storedSellerName(db: Db, sellerId: number): Promise<string> {
  const [row] = await db
    .select({ name: products.sellerName })
    .from(products)
    .where(and(eq(products.sellerId, sellerId), ne(products.sellerName, '')))
    .orderBy(desc(products.updatedAt))
    .limit(1);
  return row?.name ?? '';
}

/** Writes the seller's current name on every product of theirs that shows another (deleted ones included). */
export async function renameSeller(db: Db, sellerId: number, sellerName: string): Promise<number> {
  const changed = await db
    .update(products)
    .set({ sellerName })
    .where(and(eq(products.sellerId, sellerId), ne(products.sellerName, sellerName)))
    .returning({ id: products.id });
  return changed.length;
}

/** Locks a listed product for a change; undefined when there is none. */
export async function lockListedProduct(tx: Tx, id: number): Promise<{ id: number; sellerId: number } | undefined> {
  const [row] = await tx
    .select({ id: products.id, sellerId: products.sellerId })
    .from(products)
    .where(and(eq(products.id, id), isListed))
    .for('update');
  return row;
}

export async function updateProduct(tx: Tx, id: number, change: Partial<ProductInput>): Promise<void> {
  const columns = columnsOf(change);
  if (Object.keys(columns).length === 0) return;
  await tx
    .update(products)
    .set({ ...columns, updatedAt: new Date() })
    .where(eq(products.id, id));
}

/** Unpublishes a product and detaches its images; returns the files to remove once the change is committed. */
export async function unpublishProduct(tx: Tx, id: number): Promise<string[]> {
  await tx.update(products).set({ published: false, updatedAt: new Date() }).where(eq(products.id, id));
  const gone = await tx
    .delete(productImages)
    .where(eq(productImages.productId, id))
    .returning({ file: productImages.file, thumbnailFile: productImages.thumbnailFile });
  return gone.flatMap((g) => [g.file, g.thumbnailFile]);
}

export async function imageIdsOf(tx: Tx, productId: number): Promise<number[]> {
  const rows = await tx
    .select({ id: productImages.id })
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position), asc(productImages.id));
  return rows.map((r) => r.id);
}

/** Adds image rows from `firstPosition` on; answers their ids in the order given. */
export async function addImages(
  tx: Tx,
  productId: number,
  firstPosition: number,
  images: { file: string; thumbnailFile: string; contentType: string; bytes: number }[],
): Promise<number[]> {
  if (!images.length) return [];
  const rows = await tx
    .insert(productImages)
    .values(images.map((img, i) => ({ productId, position: firstPosition + i, ...img })))
    .returning({ id: productImages.id, file: productImages.file });
  const idOf = new Map(rows.map((r) => [r.file, r.id]));
  return images.map((img) => idOf.get(img.file)!);
}

export async function reorderImages(tx: Tx, order: number[]): Promise<void> {
  for (const [position, id] of order.entries()) {
    await tx.update(productImages).set({ position }).where(eq(productImages.id, id));
  }
}

/** Deletes one image row of a product; returns its files, or undefined when the product has no such image. */
export async function deleteImage(tx: Tx, productId: number, imageId: number): Promise<string[] | undefined> {
  const [gone] = await tx
    .delete(productImages)
    .where(and(eq(productImages.id, imageId), eq(productImages.productId, productId)))
    .returning({ file: productImages.file, thumbnailFile: productImages.thumbnailFile });
  return gone ? [gone.file, gone.thumbnailFile] : undefined;
}

/** Which of these file names an image row points to, as its file or its thumbnail. */
export async function referencedImageFiles(db: Db, names: string[]): Promise<Set<string>> {
  if (!names.length) return new Set();
  const rows = await db
    .select({ file: productImages.file, thumbnailFile: productImages.thumbnailFile })
    .from(productImages)
    .where(or(inArray(productImages.file, names), inArray(productImages.thumbnailFile, names)));
  return new Set(rows.flatMap((r) => [r.file, r.thumbnailFile]));
}
