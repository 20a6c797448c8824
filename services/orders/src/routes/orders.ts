import { Type, currentUser, notFound, type ServiceApp } from '@marketshare/service-kit';
import { IdParam, IdempotencyKeyHeaders, Page, Pagination } from '@marketshare/contracts';
import type { OrdersContext } from '../context.js';
import { findSettledOrder, listOrders } from '../db/order-queries.js';
import { orderRelation } from '../domain/order-state.js';
import { cancelOrder } from '../saga/cancellation.js';
import { placeOrder } from '../saga/purchase.js';
import { OrderJson, OrderStatusSchema, toOrderJson } from './order-json.js';

const MAX_QUANTITY = 10_000;
// A client may still send what the original's page sent; none of it takes part in the price (docs/design.md §9, defect 2).
const ignored = Type.Optional(Type.Unknown({ description: 'Ignored: the server prices every order from the product' }));

const PurchaseBody = Type.Object(
  {
    productId: IdParam.properties.id,
    quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY }),
    color: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
    price: ignored,
    unitPrice: ignored,
    total: ignored,
    finalPrice: ignored,
    discount: ignored,
    sellerId: ignored,
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { status: Type.Optional(OrderStatusSchema), ...Pagination.properties },
  { additionalProperties: false },
);

export function orderRoutes(app: ServiceApp, ctx: OrdersContext): void {
  app.post(
    '/api/orders',
    {
      preHandler: app.guards.role('consumer'),
      schema: {
        summary: 'Buy a product (consumers). Idempotency-Key makes a retried request return the first order.',
        headers: IdempotencyKeyHeaders,
        body: PurchaseBody,
        response: { 200: OrderJson, 201: OrderJson },
      },
    },
    async (request, reply) => {
      const { productId, quantity, color } = request.body;
      const { order, created } = await placeOrder(
        ctx,
        currentUser(request).id,
        { productId, quantity, color },
        request.headers['idempotency-key'],
      );
      return reply.status(created ? 201 : 200).send(toOrderJson(order));
    },
  );

  app.get(
    '/api/orders',
    {
      preHandler: app.guards.user,
      schema: {
        summary: "A consumer's purchases or a seller's sales, newest first",
        querystring: ListQuery,
        response: { 200: Page(OrderJson) },
      },
    },
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
    '/api/orders/:id',
    {
      preHandler: app.guards.user,
      schema: { summary: 'One order, for its consumer or its seller', params: IdParam, response: { 200: OrderJson } },
    },
    async (request) => {
      const found = await findSettledOrder(ctx.db, request.params.id);
      // Someone else's order answers exactly like a missing one: its existence is nobody else's business.
      if (!found || !orderRelation(found.order, currentUser(request).id)) throw notFound('Order');
      return toOrderJson(found.order, found.review);
    },
  );

  app.post(
    '/api/orders/:id/cancel',
    {
      preHandler: app.guards.role('consumer'),
      schema: {
        summary: 'Cancel an order that is RECIBIDO or EN_DISTRIBUCION (its consumer only): refunds and restocks once',
        params: IdParam,
        response: { 200: OrderJson },
      },
    },
    async (request) => toOrderJson(await cancelOrder(ctx, currentUser(request).id, request.params.id)),
  );
}
