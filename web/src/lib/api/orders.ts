import 'server-only';
import { call } from './http';
import type { Analytics, Order, PageOf, Review, SellerReputation } from './types';

export const placeOrder = (input: { productId: number; quantity: number; color?: string }, idempotencyKey: string) =>
  call<Order>('orders', '/api/orders', { method: 'POST', json: input, headers: { 'idempotency-key': idempotencyKey } });
export const listOrders = (query: { status?: string; page?: number; pageSize?: number }) =>
  call<PageOf<Order>>('orders', '/api/orders', { query });
export const getOrder = (id: number) => call<Order>('orders', `/api/orders/${id}`);
export const cancelOrder = (id: number) => call<Order>('orders', `/api/orders/${id}/cancel`, { method: 'POST' });

export const postReview = (input: { orderId: number; rating: number; title: string; summary: string }) =>
  call<Review>('orders', '/api/reviews', { method: 'POST', json: input });
export const listReviews = (query: { productId?: number; sellerId?: number; consumerId?: number; page?: number; pageSize?: number }) =>
  call<PageOf<Review>>('orders', '/api/reviews', { query });
export const getAnalytics = () => call<Analytics>('orders', '/api/analytics/me');
// Public figures: asked anonymously, so a signed-in viewer's token can never turn them into a 401.
export const getSellerReputation = (sellerId: number) =>
  call<SellerReputation>('orders', `/api/analytics/sellers/${sellerId}`, { as: 'anonymous' });
