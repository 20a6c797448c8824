import { Type, type ServiceApp } from '@marketshare/service-kit';
import type { ProductsDeps } from '../deps.js';
import { createReservationQueue, releaseStock } from '../db/stock.js';
import { MAX_INT_ID, MAX_PRICE, MAX_STOCK } from './product-shapes.js';

const Id = Type.Integer({ minimum: 1, maximum: MAX_INT_ID });
const expectedNote = (what: string) => `the ${what} the order charges; 409 price_changed unless it is the current ${what}`;
const ReservationResponse = Type.Object({
  orderId: Type.Integer(),
  productId: Type.Integer(),
  quantity: Type.Integer(),
  stock: Type.Integer({ description: "the product's stock after this order's reservation" }),
  released: Type.Boolean(),
});

/** Stock for the orders service only (service token; the gateway never routes /internal). */
export function stockRoutes(app: ServiceApp, { store }: ProductsDeps) {
  const guard = app.guards.service('orders-service');
  const reserve = createReservationQueue(store.pool);

  app.post(
    '/internal/stock/reserve',
    {
      preHandler: guard,
      schema: {
        tags: ['internal'],
        security: [{ bearer: [] }],
        body: Type.Object(
          {
            orderId: Id,
            productId: Id,
            quantity: Type.Integer({ minimum: 1, maximum: MAX_STOCK }),
            unitPrice: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PRICE, description: expectedNote('price') })),
            discount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: expectedNote('discount') })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReservationResponse },
      },
    },
    async (request) => {
      // No catalog cache clearing here: under a burst of purchases it would empty the cache hundreds of times a
      // second; the stock the catalog shows may lag by CATALOG_CACHE_MS, and this reservation is what decides.
      return reserve(request.body);
    },
  );

  app.post(
    '/internal/stock/release',
    {
      preHandler: guard,
      schema: {
        tags: ['internal'],
        security: [{ bearer: [] }],
        body: Type.Object({ orderId: Id }, { additionalProperties: false }),
        response: { 200: ReservationResponse },
      },
    },
    async (request) => {
      return releaseStock(store.pool, request.body.orderId);
    },
  );
}
