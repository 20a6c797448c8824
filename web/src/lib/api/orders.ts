import 'server-only';
import { ordersApi as api, type OrderStatus, type PurchaseBody, type ReviewBody } from '@marketshare/contracts';
import { ApiError, call, orNull } from './http';

export const placeOrder = (input: PurchaseBody, idempotencyKey: string) =>
  call(api.place, { body: input, headers: { 'idempotency-key': idempotencyKey } });
export const listOrders = (query: { status?: OrderStatus; page?: number; pageSize?: number }) => call(api.list, { query });
export const getOrder = (id: number) => call(api.get, { params: { id } });
export const getReceipt = (id: number) => call(api.receipt, { params: { id } });
export const cancelOrder = (id: number) => call(api.cancel, { params: { id } });

export const postReview = (input: ReviewBody) => call(api.postReview, { body: input });
export const listReviews = (query: { productId?: number; sellerId?: number; consumerId?: number; page?: number; pageSize?: number }) =>
  call(api.listReviews, { query });
export const getAnalytics = () => call(api.analytics);
// Public figures: asked anonymously, so a signed-in viewer's token can never turn them into a 401.
export const getSellerReputation = (sellerId: number) => call(api.sellerReputation, { params: { id: sellerId }, authorization: null });
/** Several sellers' public figures in one call (a directory page's), in the order given. */
export const getSellerReputations = (sellerIds: number[]) =>
  sellerIds.length
    ? call(api.sellerReputations, { query: { ids: sellerIds.join(',') }, authorization: null }).then((r) => r.items)
    : Promise.resolve([]);

/** For pages: an order-side answer, or null when orders says there is no such order (404) or it is not theirs (403). */
export async function ownOrNull<T>(p: Promise<T>): Promise<T | null> {
  return orNull(p).catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 403) return null;
    throw e;
  });
}
