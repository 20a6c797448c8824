import { badRequest, currentUser, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { MAX_INT_ID, ordersApi as api, type SellerReputation } from '@marketshare/contracts';
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
    async (request) => reputationsOf(ctx, [request.params.id]).then(([one]) => one!),
  );

  app.get(
    api.sellerReputations.path,
    { preHandler: app.guards.optional, schema: schemaOf(api.sellerReputations) },
    async (request) => {
      const ids = request.query.ids.split(',').map(Number);
      if (ids.some((id) => id > MAX_INT_ID)) throw badRequest('ids must be seller ids', [{ field: 'ids', message: `at most ${MAX_INT_ID}`, code: 'maximum', params: { limit: MAX_INT_ID } }]);
      return { items: await reputationsOf(ctx, ids) };
    },
  );
}

async function reputationsOf(ctx: OrdersContext, sellerIds: number[]): Promise<SellerReputation[]> {
  const totals = await sellerTotals(ctx.db, sellerIds);
  return totals.map((t) => ({ sellerId: t.sellerId, ...sellerReputation(ratingFromTotals(t.ratingTotal, t.ratingCount), t.deliveredSales) }));
}
