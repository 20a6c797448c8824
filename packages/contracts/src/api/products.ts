import { Type, type Static } from '@sinclair/typebox';
import {
  CATEGORY_SLUGS,
  COLOR_SLUGS,
  MAX_DISCOUNT,
  MAX_FEATURE_ROWS,
  MAX_IMAGES,
  PRODUCT_STATES,
  SPECIAL_FEATURE_SLUGS,
} from '../vocabularies.js';
import { Id, oneOf, Page, Pagination, Rating } from './common.js';

// The products service: the catalog, product images, categories; and stock and ratings over /internal.

export const MAX_PRICE = 100_000_000_000; // 10^9 pesos in centavos: far above any real B2B line, well inside a JS integer
export const MAX_STOCK = 1_000_000;
export const PRODUCT_SORTS = ['newest', 'price_asc', 'price_desc', 'rating', 'relevance'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const Category = oneOf(CATEGORY_SLUGS, 'one of the 13 category slugs (GET /api/categories)');
export const ProductStateField = oneOf(PRODUCT_STATES);
export const ColorField = oneOf(COLOR_SLUGS);
export const SpecialFeatureField = oneOf(SPECIAL_FEATURE_SLUGS);
const text = (max: number, opts: { required?: boolean } = {}) =>
  Type.String({ maxLength: max, ...(opts.required && { minLength: 1, pattern: '\\S' }) });

const FeatureRowInput = Type.Object(
  { feature: text(60, { required: true }), value: text(200, { required: true }) },
  { additionalProperties: false },
);
const FeaturesInput = Type.Object(
  { text: Type.Optional(text(5000)), rows: Type.Optional(Type.Array(FeatureRowInput, { maxItems: MAX_FEATURE_ROWS })) },
  { additionalProperties: false },
);

// No `default` keywords here: PATCH reuses these fields, and a default would overwrite what the client left out.
const productFields = {
  name: text(120, { required: true }),
  description: text(2000),
  category: Category,
  state: ProductStateField,
  colors: Type.Array(ColorField, { maxItems: COLOR_SLUGS.length, uniqueItems: true }),
  price: Type.Integer({ minimum: 1, maximum: MAX_PRICE, description: 'unit price in minor units (centavos)' }),
  discount: Type.Integer({ minimum: 0, maximum: MAX_DISCOUNT, description: 'percent' }),
  stock: Type.Integer({ minimum: 0, maximum: MAX_STOCK }),
  features: FeaturesInput,
  specialFeatures: Type.Array(SpecialFeatureField, { maxItems: SPECIAL_FEATURE_SLUGS.length, uniqueItems: true }),
};

export const CreateProductBody = Type.Object(
  {
    name: productFields.name,
    description: productFields.description,
    category: productFields.category,
    state: Type.Optional(productFields.state),
    colors: Type.Optional(productFields.colors),
    price: productFields.price,
    discount: Type.Optional(productFields.discount),
    stock: productFields.stock,
    features: productFields.features,
    specialFeatures: Type.Optional(productFields.specialFeatures),
  },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

export const UpdateProductBody = Type.Object(
  {
    name: Type.Optional(productFields.name),
    description: Type.Optional(productFields.description),
    category: Type.Optional(productFields.category),
    state: Type.Optional(productFields.state),
    colors: Type.Optional(productFields.colors),
    price: Type.Optional(productFields.price),
    discount: Type.Optional(productFields.discount),
    stock: Type.Optional(productFields.stock),
    features: Type.Optional(productFields.features),
    specialFeatures: Type.Optional(productFields.specialFeatures),
    imageOrder: Type.Optional(Type.Array(Id, { maxItems: MAX_IMAGES, description: 'image ids in display order' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProductBody = Static<typeof UpdateProductBody>;

/**
 * One image of a replaced product, in display order: an image the product has (`id`) or the n-th file part of the
 * request (`file`, from 0). An id the product no longer has is skipped, so a form opened before another change of
 * its images still saves.
 */
export const ImageSlot = Type.Object(
  {
    id: Type.Optional(Id),
    file: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_IMAGES - 1, description: 'index of a file part' })),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
export type ImageSlot = Static<typeof ImageSlot>;
/**
 * PUT /api/products/:id, the multipart part `product`: the whole product as a seller writes it (fields left out
 * take the defaults a new product gets) and its images in display order; images not listed are removed.
 */
export const ReplaceProductFields = Type.Object(
  { ...CreateProductBody.properties, images: Type.Array(ImageSlot, { maxItems: MAX_IMAGES }) },
  { additionalProperties: false },
);
export type ReplaceProductFields = Static<typeof ReplaceProductFields>;

export const ProductImage = Type.Object({ id: Type.Integer(), url: Type.String(), thumbnailUrl: Type.String() });
export type ProductImage = Static<typeof ProductImage>;
export const FeatureRow = Type.Object({ feature: Type.String(), value: Type.String() });
export type FeatureRow = Static<typeof FeatureRow>;
export const Features = Type.Object({ text: Type.String(), rows: Type.Array(FeatureRow) });
export type Features = Static<typeof Features>;

/**
 * The one description of a product: the catalog shows it, sellers get it back from their changes, and the orders
 * service prices purchases from it (read over /internal, where `published: false` marks a deleted product).
 */
export const Product = Type.Object(
  {
    id: Type.Integer(),
    sellerId: Type.Integer(),
    name: Type.String(),
    description: Type.String(),
    category: Category,
    state: ProductStateField,
    colors: Type.Array(ColorField),
    price: Type.Integer({ description: 'unit price in minor units (centavos), before the discount' }),
    discount: Type.Integer({ description: 'percent' }),
    stock: Type.Integer(),
    features: Features,
    specialFeatures: Type.Array(SpecialFeatureField),
    images: Type.Array(ProductImage),
    rating: Rating,
    publishedAt: Type.String({ format: 'date-time' }),
    published: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Product = Static<typeof Product>;
/** The fields a seller writes. */
export type ProductInput = Pick<
  Product,
  'name' | 'description' | 'category' | 'state' | 'colors' | 'price' | 'discount' | 'stock' | 'features' | 'specialFeatures'
>;

export const CatalogQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: "words from the name, description, features, category (either language) or seller's name; accents and case ignored",
      }),
    ),
    category: Type.Optional(Category),
    sellerId: Type.Optional(Id),
    state: Type.Optional(ProductStateField),
    minPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PRICE, description: 'on the discounted unit price' })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PRICE, description: 'on the discounted unit price' })),
    inStock: Type.Optional(Type.Boolean({ description: 'only products with stock left' })),
    sort: Type.Optional(Type.Unsafe<ProductSort>({ type: 'string', enum: [...PRODUCT_SORTS], default: 'newest' })),
    facets: Type.Optional(Type.Boolean({ description: "also answer the filters' per-option counts (`facets`)" })),
    ...Pagination.properties,
  },
  { additionalProperties: false },
);
export type CatalogQuery = Static<typeof CatalogQuery>;

/**
 * How many products each filter option would give, under every other filter of the query but its own: products
 * by condition, with stock left, and per seller (the sellers with the most matches, at most 20, by display name).
 */
export const CatalogFacets = Type.Object({
  state: Type.Object({ NUEVO: Type.Integer(), USADO: Type.Integer() }),
  inStock: Type.Integer(),
  sellers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), count: Type.Integer() })),
});
export type CatalogFacets = Static<typeof CatalogFacets>;
/** A catalog page; `facets` only when asked for. */
export const CatalogPage = Type.Object({ ...Page(Product).properties, facets: Type.Optional(CatalogFacets) });
export type CatalogPage = Static<typeof CatalogPage>;

/** At or below this stock a seller's own product table marks a product as running low (0 is marked as out). */
export const LOW_STOCK_THRESHOLD = 5;

export const CategoryCount = Type.Object({
  slug: Category,
  labels: Type.Object({ es: Type.String(), en: Type.String() }),
  count: Type.Integer({ description: 'published products in the category' }),
});
export type CategoryCount = Static<typeof CategoryCount>;

export const ProductImageParams = Type.Object({ id: Id, imageId: Id });
/**
 * POST /api/products/:id/images?remove=: images to delete in the same transaction as the upload, so an edit that
 * replaces images is stored whole or not at all (a bad file deletes nothing); ids already gone are skipped, so the
 * same request may be sent again.
 */
export const ImageUploadQuery = Type.Object(
  {
    remove: Type.Optional(Type.String({
      pattern: `^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,${MAX_IMAGES - 1}}$`,
      description: `Up to ${MAX_IMAGES} image ids of this product, comma-separated`,
    })),
  },
  { additionalProperties: false },
);
export type ImageUploadQuery = Static<typeof ImageUploadQuery>;
/** Stored image names are `<32 hex>.<ext>` or `<32 hex>.thumb.webp`; anything else is not one of ours. */
export const STORED_IMAGE_NAME = /^[0-9a-f]{32}(?:\.thumb)?\.(png|jpg|webp|gif)$/;
export const ImageFileParams = Type.Object({ file: Type.String({ maxLength: 64, pattern: STORED_IMAGE_NAME.source }) });

// /internal, for the orders service only

const expectedNote = (what: string) => `the ${what} the order charges; 409 price_changed unless it is the current ${what}`;
export const ReserveStockBody = Type.Object(
  {
    orderId: Id,
    productId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: MAX_STOCK }),
    unitPrice: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PRICE, description: expectedNote('price') })),
    discount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: expectedNote('discount') })),
  },
  { additionalProperties: false },
);
export type ReserveStockBody = Static<typeof ReserveStockBody>;
export const ReleaseStockBody = Type.Object({ orderId: Id }, { additionalProperties: false });
export const Reservation = Type.Object({
  orderId: Type.Integer(),
  productId: Type.Integer(),
  quantity: Type.Integer(),
  stock: Type.Integer({ description: "the product's stock after this order's reservation" }),
  released: Type.Boolean(),
});
export type Reservation = Static<typeof Reservation>;
export const RatingBody = Type.Object(
  { productId: Id, reviewId: Id, rating: Type.Number({ minimum: 0, maximum: 5, multipleOf: 0.5 }) },
  { additionalProperties: false },
);
export type RatingBody = Static<typeof RatingBody>;
export const ProductRating = Type.Object({ productId: Type.Integer(), rating: Rating });
export type ProductRating = Static<typeof ProductRating>;
