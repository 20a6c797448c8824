import { Type, type ServiceApp } from '@marketshare/service-kit';
import type { ProductsDeps } from '../deps.js';
import { recordRating } from '../db/ratings.js';
import { MAX_INT_ID } from './product-shapes.js';

const Id = Type.Integer({ minimum: 1, maximum: MAX_INT_ID });

/** Review ratings from the orders service, counted into the product's summary once per review. */
export function ratingRoutes(app: ServiceApp, { store, catalogCache }: ProductsDeps) {
  app.post(
    '/internal/ratings',
    {
      preHandler: app.guards.service('orders-service'),
      schema: {
        tags: ['internal'],
        security: [{ bearer: [] }],
        body: Type.Object(
          { productId: Id, reviewId: Id, rating: Type.Number({ minimum: 0, maximum: 5, multipleOf: 0.5 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ productId: Type.Integer(), rating: Type.Object({ average: Type.Number(), count: Type.Integer() }) }),
        },
      },
    },
    async (request) => {
      const { productId, reviewId, rating } = request.body;
      const summary = await recordRating(store.db, productId, reviewId, rating);
      catalogCache.clear();
      return summary;
    },
  );
}
