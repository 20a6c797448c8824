import type { Order, Review } from '@marketshare/contracts';
import type { OrderRow, ReviewRow } from '../db/schema.js';
import { orderDetails } from '../domain/order-messages.js';

// Orders and reviews as the API shows them, shared by the orders, reviews and analytics routes.

export function toReviewJson(r: ReviewRow): Review {
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
export function toOrderJson(o: OrderRow, review: ReviewRow | null = null): Order {
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
