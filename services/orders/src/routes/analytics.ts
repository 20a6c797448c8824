import { and, count, eq, sum } from 'drizzle-orm';
import { currentUser, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { ordersApi as api } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { findSettledOrder } from '../db/order-queries.js';
import { orders, reviews } from '../db/schema.js';
import { consumerAnalytics, ratingFromTotals, sellerAnalytics, sellerReputation } from '../domain/analytics.js';
import { toOrderJson } from './order-json.js';

export function analyticsRoutes(app: ServiceApp, ctx: OrdersContext): void {
  app.get(
    api.analytics.path,
    { preHandler: app.guards.user, schema: schemaOf(api.analytics) },
    async (request) => {
      const user = currentUser(request);
      const side = user.role === 'consumer' ? orders.consumerId : orders.sellerId;
      const reviewer = user.role === 'consumer' ? reviews.consumerId : reviews.sellerId;
      const [mine, ratings] = await Promise.all([
        ctx.db
          .select()
          .from(orders)
          .where(and(eq(side, user.id), eq(orders.phase, 'DONE'))),
        ctx.db.select({ rating: reviews.rating }).from(reviews).where(eq(reviewer, user.id)),
      ]);
      const given = ratings.map((r) => r.rating);
      if (user.role === 'seller') return { role: 'seller' as const, ...sellerAnalytics(mine, given) };
      const metrics = consumerAnalytics(mine, given);
      const biggest = metrics.biggestPurchase && (await findSettledOrder(ctx.db, metrics.biggestPurchase.id));
      return {
        role: 'consumer' as const,
        ...metrics,
        biggestPurchase: biggest ? toOrderJson(biggest.order, biggest.review) : null,
      };
    },
  );

  app.get(
    api.sellerReputation.path,
    { preHandler: app.guards.optional, schema: schemaOf(api.sellerReputation) },
    async (request) => {
      const sellerId = request.params.id;
      const [[delivered], [rated]] = await Promise.all([
        ctx.db
          .select({ n: count() })
          .from(orders)
          .where(and(eq(orders.sellerId, sellerId), eq(orders.status, 'ENTREGADO'))),
        ctx.db
          .select({ total: sum(reviews.rating).mapWith(Number), n: count() })
          .from(reviews)
          .where(eq(reviews.sellerId, sellerId)),
      ]);
      return { sellerId, ...sellerReputation(ratingFromTotals(rated?.total ?? 0, rated?.n ?? 0), delivered?.n ?? 0) };
    },
  );
}
