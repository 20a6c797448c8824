import 'server-only';
import { ordersApi as api, type OrderStatus, type PurchaseBody, type ReviewBody } from '@marketshare/contracts';
import { call } from './http';

export const placeOrder = (input: PurchaseBody, idempotencyKey: string) =>
  call(api.place, { body: input, headers: { 'idempotency-key': idempotencyKey } });
export const listOrders = (query: { status?: OrderStatus; page?: number; pageSize?: number }) => call(api.list, { query });
export const getOrder = (id: number) => call(api.get, { params: { id } });
export const cancelOrder = (id: number) => call(api.cancel, { params: { id } });

export const postReview = (input: ReviewBody) => call(api.postReview, { body: input });
export const listReviews = (query: { productId?: number; sellerId?: number; consumerId?: number; page?: number; pageSize?: number }) =>
  call(api.listReviews, { query });
export const getAnalytics = () => call(api.analytics);
// Public figures: asked anonymously, so a signed-in viewer's token can never turn them into a 401.
export const getSellerReputation = (sellerId: number) => call(api.sellerReputation, { params: { id: sellerId }, authorization: null });
