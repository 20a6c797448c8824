import { currentUser, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { ordersApi as api } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { findSettledOrder, listOrders } from '../db/order-queries.js';
import { orderRelation } from '../domain/order-state.js';
import { cancelOrder } from '../saga/cancellation.js';
import { placeOrder } from '../saga/purchase.js';
import { toOrderJson } from './order-json.js';

export function orderRoutes(app: ServiceApp, ctx: OrdersContext): void {
  app.post(
    api.place.path,
    { preHandler: app.guards.role('consumer'), schema: schemaOf(api.place) },
    async (request, reply) => {
      const { productId, quantity, color, maxTotal } = request.body;
      const { order, created } = await placeOrder(
        ctx,
        currentUser(request).id,
        { productId, quantity, color, maxTotal },
        request.headers['idempotency-key'],
      );
      return reply.status(created ? 201 : 200).send(toOrderJson(order));
    },
  );

  app.get(
    api.list.path,
    { preHandler: app.guards.user, schema: schemaOf(api.list) },
    async (request) => {
      const user = currentUser(request);
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 20;
      const { items, total } = await listOrders(ctx.db, {
        side: user.role,
        userId: user.id,
        status: request.query.status,
        page,
        pageSize,
      });
      return { items: items.map((r) => toOrderJson(r.order, r.review)), page, pageSize, total };
    },
  );

  app.get(
    api.get.path,
    { preHandler: app.guards.user, schema: schemaOf(api.get) },
    async (request) => {
      const found = await findSettledOrder(ctx.db, request.params.id);
      // Someone else's order answers exactly like a missing one: its existence is nobody else's business.
      if (!found || !orderRelation(found.order, currentUser(request).id)) throw notFound('Order');
      return toOrderJson(found.order, found.review);
    },
  );

  app.post(
    api.cancel.path,
    { preHandler: app.guards.role('consumer'), schema: schemaOf(api.cancel) },
    async (request) => toOrderJson(await cancelOrder(ctx, currentUser(request).id, request.params.id)),
  );
}
