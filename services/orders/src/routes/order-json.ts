import { Type, type Static } from '@marketshare/service-kit';
import { ORDER_STATUSES } from '@marketshare/contracts';
import type { OrderRow, ReviewRow } from '../db/schema.js';
import { orderDetails } from '../domain/order-messages.js';

// The JSON of orders and reviews (docs/design.md §1), shared by the orders, reviews and analytics routes.

const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const OrderStatusSchema = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));

export const ReviewJson = Type.Object({
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
export type ReviewJson = Static<typeof ReviewJson>;

export const OrderJson = Type.Object({
  id: Type.Integer(),
  consumerId: Type.Integer(),
  sellerId: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  category: Type.String(),
  quantity: Type.Integer(),
  color: nullable(Type.String()),
  unitPrice: Type.Integer(),
  discount: Type.Integer(),
  total: Type.Integer(),
  currency: Type.String(),
  status: OrderStatusSchema,
  statusHistory: Type.Array(Type.Object({ status: OrderStatusSchema, at: Type.String({ format: 'date-time' }) })),
  createdAt: Type.String({ format: 'date-time' }),
  review: Type.Union([ReviewJson, Type.Null()]),
});
export type OrderJson = Static<typeof OrderJson>;

export function toReviewJson(r: ReviewRow): ReviewJson {
  return {
    id: r.id,
    orderId: r.orderId,
    productId: r.productId,
    productName: r.productName,
    sellerId: r.sellerId,
    consumerId: r.consumerId,
    consumerName: r.consumerName,
    rating: r.rating,
    title: r.title,
    summary: r.summary,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A settled order as its consumer and seller see it; nothing about the saga or the consumer's contact leaks. */
export function toOrderJson(o: OrderRow, review: ReviewRow | null = null): OrderJson {
  return {
    ...orderDetails(o),
    consumerId: o.consumerId,
    sellerId: o.sellerId,
    category: o.category,
    status: o.status!,
    statusHistory: o.statusHistory,
    review: review ? toReviewJson(review) : null,
  };
}
