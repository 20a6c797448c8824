import { and, count, eq, sum } from 'drizzle-orm';
import { Type, currentUser, type ServiceApp } from '@marketshare/service-kit';
import { IdParam } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { findSettledOrder } from '../db/order-queries.js';
import { orders, reviews } from '../db/schema.js';
import { consumerAnalytics, ratingFromTotals, sellerAnalytics, sellerReputation } from '../domain/analytics.js';
import { OrderJson, toOrderJson } from './order-json.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Rating = Type.Object({ average: Type.Number(), count: Type.Integer() });
const Badge = Type.Union(['NUEVO', 'POLEMICO', 'COMUN', 'GRAN', 'MAGNIFICO'].map((b) => Type.Literal(b)));
const TopCategories = Type.Array(Type.Object({ category: Type.String(), count: Type.Integer() }));

const ConsumerAnalytics = Type.Object({
  role: Type.Literal('consumer'),
  deliveredPurchases: Type.Integer(),
  moneySpent: Type.Integer(),
  biggestPurchase: Nullable(OrderJson),
  reviews: Type.Object({ count: Type.Integer(), best: Nullable(Type.Number()), worst: Nullable(Type.Number()) }),
  topCategories: TopCategories,
});
const SellerAnalytics = Type.Object({
  role: Type.Literal('seller'),
  deliveredSales: Type.Integer(),
  grossIncome: Type.Integer(),
  bestSellingProduct: Nullable(Type.Object({ productId: Type.Integer(), productName: Type.String(), units: Type.Integer() })),
  rating: Rating,
  badge: Badge,
  topCategories: TopCategories,
});
const SellerSummary = Type.Object({ sellerId: Type.Integer(), rating: Rating, deliveredSales: Type.Integer(), badge: Badge });

export function analyticsRoutes(app: ServiceApp, ctx: OrdersContext): void {
  app.get(
    '/api/analytics/me',
    {
      preHandler: app.guards.user,
      schema: {
        summary: "The signed-in person's profile metrics: a consumer's purchases or a seller's sales",
        response: { 200: Type.Union([ConsumerAnalytics, SellerAnalytics]) },
      },
    },
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
    '/api/analytics/sellers/:id',
    {
      preHandler: app.guards.optional,
      schema: { summary: "A seller's public reputation (open to guests)", params: IdParam, response: { 200: SellerSummary } },
    },
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
