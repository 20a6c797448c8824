import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { conflict, currentUser, forbidden, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { ordersApi as api } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { findSettledOrder } from '../db/order-queries.js';
import { reviews } from '../db/schema.js';
import { isUniqueViolation } from '../db/store.js';
import { orderRelation } from '../domain/order-state.js';
import { syncRating } from '../workers/recovery.js';
import { toReviewJson } from './order-json.js';

export function reviewRoutes(app: ServiceApp, ctx: OrdersContext): void {
  app.post(
    api.postReview.path,
    { preHandler: app.guards.role('consumer'), schema: schemaOf(api.postReview) },
    async (request, reply) => {
      const { orderId, rating, title, summary } = request.body;
      const found = await findSettledOrder(ctx.db, orderId);
      const relation = found ? orderRelation(found.order, currentUser(request).id) : null;
      if (!found || !relation) throw notFound('Order');
      if (relation !== 'consumer') throw forbidden('Only the consumer who bought it may review an order');
      if (found.review) throw conflict('This order already has a review', 'already_reviewed');
      if (found.order.status !== 'ENTREGADO') throw conflict('Only a delivered order can be reviewed', 'order_not_delivered');
      const { order } = found;
      let review;
      try {
        [review] = await ctx.db
          .insert(reviews)
          .values({
            orderId,
            productId: order.productId,
            sellerId: order.sellerId,
            consumerId: order.consumerId,
            productName: order.productName,
            consumerName: order.consumerName,
            rating,
            title: title.trim(),
            summary: summary.trim(),
          })
          .returning();
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('This order already has a review', 'already_reviewed');
        throw e;
      }
      // The product's rating summary lives in products; if it cannot be told now, the recovery pass retries.
      await syncRating(ctx, review!).catch(() => false);
      return reply.status(201).send(toReviewJson(review!));
    },
  );

  app.get(
    api.listReviews.path,
    { preHandler: app.guards.optional, schema: schemaOf(api.listReviews) },
    async (request) => {
      const { productId, sellerId, consumerId } = request.query;
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 20;
      const conditions: SQL[] = [];
      if (productId) conditions.push(eq(reviews.productId, productId));
      if (sellerId) conditions.push(eq(reviews.sellerId, sellerId));
      if (consumerId) conditions.push(eq(reviews.consumerId, consumerId));
      const where = and(...conditions);
      const [items, [totalRow]] = await Promise.all([
        ctx.db
          .select()
          .from(reviews)
          .where(where)
          .orderBy(desc(reviews.createdAt), desc(reviews.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        ctx.db.select({ n: count() }).from(reviews).where(where),
      ]);
      return { items: items.map(toReviewJson), page, pageSize, total: totalRow?.n ?? 0 };
    },
  );
}
