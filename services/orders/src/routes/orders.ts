import { currentUser, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { ordersApi as api } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { findSettledOrder, listOrders } from '../db/order-queries.js';
import { orderRelation } from '../domain/order-state.js';
import { orderNotFound } from '../domain/refusals.js';
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
      const found = await orderOfParty(ctx, request.params.id, currentUser(request).id);
      return toOrderJson(found.order, found.review);
    },
  );

  app.post(
    api.cancel.path,
    { preHandler: app.guards.role('consumer'), schema: schemaOf(api.cancel) },
    async (request) => toOrderJson(await cancelOrder(ctx, currentUser(request).id, request.params.id)),
  );
}

/** A settled order of which the user is the consumer or the seller; 404 otherwise. */
export async function orderOfParty(ctx: OrdersContext, orderId: number, userId: number) {
  const found = await findSettledOrder(ctx.db, orderId);
  if (!found || !orderRelation(found.order, userId)) throw orderNotFound();
  return found;
}
