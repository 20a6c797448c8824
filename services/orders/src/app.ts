import { createServiceApp, type ServiceApp } from '@marketshare/service-kit';
import type { OrdersContext } from './context.js';
import { analyticsRoutes } from './routes/analytics.js';
import { orderRoutes } from './routes/orders.js';
import { receiptRoutes } from './routes/receipts.js';
import { reviewRoutes } from './routes/reviews.js';
import type { OrdersDeps } from './deps.js';

/** The orders HTTP app: purchases, order reads and cancellation, reviews and analytics. */
export async function buildApp(deps: OrdersDeps): Promise<{ app: ServiceApp; ctx: OrdersContext }> {
  const app = await createServiceApp({
    name: 'orders',
    description: 'Purchase orders, status progression, reviews and analytics',
    logLevel: deps.logLevel,
    auth: deps.auth,
    readiness: deps.readiness,
  });
  const ctx = deps.context(app);
  orderRoutes(app, ctx);
  receiptRoutes(app, ctx);
  reviewRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  return { app, ctx };
}
