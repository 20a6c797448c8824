import { currentUser, outboxMessage, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { ordersApi as api } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { findSettledOrder } from '../db/order-queries.js';
import { insertReview, listReviews } from '../db/review-queries.js';
import { isUniqueViolation } from '../db/store.js';
import { recipientNow } from '../clients/recipients.js';
import { reviewMessage, sellerOf } from '../domain/order-messages.js';
import { orderRelation } from '../domain/order-state.js';
import { alreadyReviewed, notDelivered, notYourOrder, orderNotFound } from '../domain/refusals.js';
import { syncRating } from '../reviews/rating-sync.js';
import { toReviewJson } from './order-json.js';

export function reviewRoutes(app: ServiceApp, ctx: OrdersContext): void {
  app.post(
    api.postReview.path,
    { preHandler: app.guards.role('consumer'), schema: schemaOf(api.postReview) },
    async (request, reply) => {
      const { orderId, rating, title, summary } = request.body;
      const found = await findSettledOrder(ctx.db, orderId);
      const relation = found ? orderRelation(found.order, currentUser(request).id) : null;
      if (!found || !relation) throw orderNotFound();
      if (relation !== 'consumer') throw notYourOrder('review');
      if (found.review) throw alreadyReviewed();
      if (found.order.status !== 'ENTREGADO') throw notDelivered(found.order.status);
      // The seller hears of the review in the transaction that stores it, as their account says now.
      const seller = await recipientNow(ctx, found.order.sellerId, sellerOf(found.order));
      const mailFor = (r: { id: number; rating: number; title: string; summary: string }) => {
        const mail = reviewMessage(r, found.order, ctx.publicUrl, seller);
        return mail && outboxMessage(mail, ctx.exchange);
      };
      let review;
      try {
        review = await insertReview(ctx.db, found.order, { rating, title: title.trim(), summary: summary.trim() }, mailFor);
      } catch (e) {
        if (isUniqueViolation(e)) throw alreadyReviewed();
        throw e;
      }
      ctx.announce();
      // The product's rating summary lives in products; if it cannot be told now, the recovery pass retries.
      await syncRating(ctx, review).catch(() => false);
      return reply.status(201).send(toReviewJson(review));
    },
  );

  app.get(
    api.listReviews.path,
    { preHandler: app.guards.optional, schema: schemaOf(api.listReviews) },
    async (request) => {
      const { productId, sellerId, consumerId } = request.query;
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 20;
      const { items, total } = await listReviews(ctx.db, { productId, sellerId, consumerId }, page, pageSize);
      return { items: items.map(toReviewJson), page, pageSize, total };
    },
  );
}
