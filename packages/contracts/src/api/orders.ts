import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { ORDER_STATUSES, REPUTATION_LABELS, type ReputationBadge } from '../orders.js';
import { MAX_PAGE_SIZE } from '../limits.js';
import { Id, Nullable, Pagination, Rating } from './common.js';

// The orders service: purchases, reviews and analytics.

export const MAX_QUANTITY = 10_000;
export const OrderStatusField = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));

export const Review = Type.Object({
  id: Type.Integer(),
  orderId: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  sellerId: Type.Integer(),
  consumerId: Type.Integer(),
  consumerName: Type.String(),
  rating: Type.Number(),
  title: Type.String(),
  summary: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Review = Static<typeof Review>;

export const StatusEntry = Type.Object({ status: OrderStatusField, at: Type.String({ format: 'date-time' }) });
export type StatusEntry = Static<typeof StatusEntry>;
export const Order = Type.Object({
  id: Type.Integer(),
  consumerId: Type.Integer(),
  sellerId: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  category: Type.String(),
  quantity: Type.Integer(),
  color: Nullable(Type.String()),
  unitPrice: Type.Integer(),
  discount: Type.Integer(),
  total: Type.Integer(),
  currency: Type.String(),
  status: OrderStatusField,
  statusHistory: Type.Array(StatusEntry),
  createdAt: Type.String({ format: 'date-time' }),
  review: Nullable(Review),
});
export type Order = Static<typeof Order>;

// A client may still send what the original's page sent; none of it takes part in the price.
const ignored = Type.Optional(Type.Unknown({ description: 'Ignored: the server prices every order from the product' }));
export const PurchaseBody = Type.Object(
  {
    productId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY }),
    color: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
    maxTotal: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'The total the buyer saw and accepts (minor units); a higher one answers 409 price_changed with the price now',
      }),
    ),
    price: ignored,
    unitPrice: ignored,
    total: ignored,
    finalPrice: ignored,
    discount: ignored,
    sellerId: ignored,
  },
  { additionalProperties: false },
);
export type PurchaseBody = Static<typeof PurchaseBody>;
export const OrderListQuery = Type.Object(
  { status: Type.Optional(OrderStatusField), ...Pagination.properties },
  { additionalProperties: false },
);

// Some visible character: a title or summary of blanks is no title or summary.
const reviewText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
export const ReviewBody = Type.Object(
  {
    orderId: Id,
    rating: Type.Number({ minimum: 0, maximum: 5, multipleOf: 0.5, description: '0 to 5 in steps of 0.5' }),
    title: reviewText(120),
    summary: reviewText(2000),
  },
  { additionalProperties: false },
);
export type ReviewBody = Static<typeof ReviewBody>;
export const ReviewQuery = Type.Object(
  { productId: Type.Optional(Id), sellerId: Type.Optional(Id), consumerId: Type.Optional(Id), ...Pagination.properties },
  { additionalProperties: false },
);

export const Badge = Type.Unsafe<ReputationBadge>({ type: 'string', enum: Object.keys(REPUTATION_LABELS) });
export const TopCategory = Type.Object({ category: Type.String(), count: Type.Integer() });
export type TopCategory = Static<typeof TopCategory>;
export const BestSellingProduct = Type.Object({ productId: Type.Integer(), productName: Type.String(), units: Type.Integer() });
export type BestSellingProduct = Static<typeof BestSellingProduct>;
/** A person's profile metrics: the side they are on, what is particular to it, and their top categories. */
const analyticsOf = <R extends string, P extends TProperties>(role: R, properties: P) =>
  Type.Object({ role: Type.Literal(role), ...properties, topCategories: Type.Array(TopCategory) });
export const ConsumerAnalytics = analyticsOf('consumer', {
  deliveredPurchases: Type.Integer(),
  moneySpent: Type.Integer(),
  biggestPurchase: Nullable(Order),
  reviews: Type.Object({ count: Type.Integer(), best: Nullable(Type.Number()), worst: Nullable(Type.Number()) }),
});
export type ConsumerAnalytics = Static<typeof ConsumerAnalytics>;
export const SellerAnalytics = analyticsOf('seller', {
  deliveredSales: Type.Integer(),
  grossIncome: Type.Integer(),
  bestSellingProduct: Nullable(BestSellingProduct),
  rating: Rating,
  badge: Badge,
});
export type SellerAnalytics = Static<typeof SellerAnalytics>;
/** GET /api/analytics/me: a consumer's purchases or a seller's sales, told apart by `role`. */
export const Analytics = Type.Union([ConsumerAnalytics, SellerAnalytics]);
export type Analytics = Static<typeof Analytics>;
/** GET /api/analytics/sellers/{id}: a seller's public reputation. */
export const SellerReputation = Type.Object({
  sellerId: Type.Integer(),
  rating: Rating,
  deliveredSales: Type.Integer(),
  badge: Badge,
});
export type SellerReputation = Static<typeof SellerReputation>;
/** GET /api/analytics/sellers?ids=: the reputations of several sellers at once (a directory page's). */
export const SellerIdsQuery = Type.Object(
  {
    ids: Type.String({
      pattern: `^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,${MAX_PAGE_SIZE - 1}}$`,
      description: `Up to ${MAX_PAGE_SIZE} seller ids, comma-separated`,
    }),
  },
  { additionalProperties: false },
);
export type SellerIdsQuery = Static<typeof SellerIdsQuery>;
/** One per id asked for, in the order asked; an id nobody sold under has no sales and no rating. */
export const SellerReputations = Type.Object({ items: Type.Array(SellerReputation) });
export type SellerReputations = Static<typeof SellerReputations>;

/** One side of a sale as the receipt names it: as it was when the order was placed. */
export const ReceiptParty = Type.Object({
  id: Type.Integer(),
  username: Nullable(Type.String()),
  organization: Nullable(Type.String({ description: 'Null only when unknown (an old order whose account is gone)' })),
});
export type ReceiptParty = Static<typeof ReceiptParty>;
/** GET /api/orders/{id}/receipt: the order with both parties, for its buyer and its seller only. */
export const Receipt = Type.Object({ order: Order, seller: ReceiptParty, buyer: ReceiptParty });
export type Receipt = Static<typeof Receipt>;
