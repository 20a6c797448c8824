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
import { Id, oneOf, Pagination, Rating } from './common.js';

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
      Type.String({ maxLength: 200, description: 'words from the name, description or features; accents ignored' }),
    ),
    category: Type.Optional(Category),
    sellerId: Type.Optional(Id),
    state: Type.Optional(ProductStateField),
    minPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PRICE, description: 'on the discounted unit price' })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PRICE, description: 'on the discounted unit price' })),
    sort: Type.Optional(Type.Unsafe<ProductSort>({ type: 'string', enum: [...PRODUCT_SORTS], default: 'newest' })),
    ...Pagination.properties,
  },
  { additionalProperties: false },
);
export type CatalogQuery = Static<typeof CatalogQuery>;

export const CategoryCount = Type.Object({
  slug: Category,
  labels: Type.Object({ es: Type.String(), en: Type.String() }),
  count: Type.Integer({ description: 'published products in the category' }),
});
export type CategoryCount = Static<typeof CategoryCount>;

export const ProductImageParams = Type.Object({ id: Id, imageId: Id });
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
