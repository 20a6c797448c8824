import { currentUser, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { ordersApi as api } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { findSettledOrder } from '../db/order-queries.js';
import { ordersAndRatingsOf, sellerTotals } from '../db/analytics-queries.js';
import { consumerAnalytics, ratingFromTotals, sellerAnalytics, sellerReputation } from '../domain/analytics.js';
import { toOrderJson } from './order-json.js';

export function analyticsRoutes(app: ServiceApp, ctx: OrdersContext): void {
  app.get(
    api.analytics.path,
    { preHandler: app.guards.user, schema: schemaOf(api.analytics) },
    async (request) => {
      const user = currentUser(request);
      const { orders: mine, ratings: given } = await ordersAndRatingsOf(ctx.db, user.id, user.role);
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
      const totals = await sellerTotals(ctx.db, sellerId);
      return { sellerId, ...sellerReputation(ratingFromTotals(totals.ratingTotal, totals.ratingCount), totals.deliveredSales) };
    },
  );
}
