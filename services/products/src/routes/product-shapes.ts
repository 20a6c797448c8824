import { Type } from '@marketshare/service-kit';
import {
  CATEGORY_SLUGS,
  COLOR_SLUGS,
  MAX_DISCOUNT,
  MAX_FEATURE_ROWS,
  MAX_IMAGES,
  PRODUCT_STATES,
  SPECIAL_FEATURE_SLUGS,
} from '@marketshare/contracts';

// Request and response shapes of a product (docs/design.md §1), shared by the public and the internal routes.

/** A closed vocabulary as one `enum` keyword: one clear error ("must be equal to one of the allowed values"). */
const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description && { description }) });

export const MAX_PRICE = 100_000_000_000; // 10^9 pesos in centavos: far above any real B2B line, well inside a JS integer
export const MAX_STOCK = 1_000_000;
export const MAX_INT_ID = 2147483647;

export const Category = oneOf(CATEGORY_SLUGS, 'one of the 13 category slugs (GET /api/categories)');
export const ProductStateField = oneOf(PRODUCT_STATES);
const text = (max: number, opts: { required?: boolean } = {}) =>
  Type.String({ maxLength: max, ...(opts.required && { minLength: 1, pattern: '\\S' }) });

const FeatureRow = Type.Object(
  { feature: text(60, { required: true }), value: text(200, { required: true }) },
  { additionalProperties: false },
);
const FeaturesInput = Type.Object(
  { text: Type.Optional(text(5000)), rows: Type.Optional(Type.Array(FeatureRow, { maxItems: MAX_FEATURE_ROWS })) },
  { additionalProperties: false },
);

// No `default` keywords here: PATCH reuses these fields, and a default would overwrite what the client left out.
const productFields = {
  name: text(120, { required: true }),
  description: text(2000),
  category: Category,
  state: ProductStateField,
  colors: Type.Array(oneOf(COLOR_SLUGS), { maxItems: COLOR_SLUGS.length, uniqueItems: true }),
  price: Type.Integer({ minimum: 1, maximum: MAX_PRICE, description: 'unit price in minor units (centavos)' }),
  discount: Type.Integer({ minimum: 0, maximum: MAX_DISCOUNT, description: 'percent' }),
  stock: Type.Integer({ minimum: 0, maximum: MAX_STOCK }),
  features: FeaturesInput,
  specialFeatures: Type.Array(oneOf(SPECIAL_FEATURE_SLUGS), { maxItems: SPECIAL_FEATURE_SLUGS.length, uniqueItems: true }),
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
    imageOrder: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: MAX_INT_ID }), { maxItems: MAX_IMAGES, description: 'image ids in display order' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Image = Type.Object({ id: Type.Integer(), url: Type.String(), thumbnailUrl: Type.String() });
export const ProductResponse = Type.Object(
  {
    id: Type.Integer(),
    sellerId: Type.Integer(),
    name: Type.String(),
    description: Type.String(),
    category: Type.String(),
    state: Type.String(),
    colors: Type.Array(Type.String()),
    price: Type.Integer(),
    discount: Type.Integer(),
    stock: Type.Integer(),
    features: Type.Object({
      text: Type.String(),
      rows: Type.Array(Type.Object({ feature: Type.String(), value: Type.String() })),
    }),
    specialFeatures: Type.Array(Type.String()),
    images: Type.Array(Image),
    rating: Type.Object({ average: Type.Number(), count: Type.Integer() }),
    publishedAt: Type.String({ format: 'date-time' }),
    published: Type.Boolean(),
  },
  { additionalProperties: false },
);
