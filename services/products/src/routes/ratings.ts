import { productsApi as api } from '@marketshare/contracts';
import { schemaOf, type ServiceApp } from '@marketshare/service-kit';
import type { ProductsDeps } from '../deps.js';
import { recordRating } from '../db/ratings.js';

/** Review ratings from the orders service, counted into the product's summary once per review. */
export function ratingRoutes(app: ServiceApp, { store, catalogCache }: ProductsDeps) {
  app.post(
    api.recordRating.path,
    { schema: schemaOf(api.recordRating) },
    async (request) => {
      const { productId, reviewId, rating } = request.body;
      const summary = await recordRating(store.db, productId, reviewId, rating);
      catalogCache.clear();
      return summary;
    },
  );
}
