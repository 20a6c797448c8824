import { productsApi as api } from '@marketshare/contracts';
import { schemaOf, type ServiceApp } from '@marketshare/service-kit';
import type { ProductsDeps } from '../deps.js';
import { createReservationQueue, releaseStock } from '../db/stock.js';

/** Stock for the orders service (registered among the /internal routes, whose guard the contracts configure). */
export function stockRoutes(app: ServiceApp, { store }: ProductsDeps) {
  const reserve = createReservationQueue(store.pool);

  app.post(
    api.reserveStock.path,
    { schema: schemaOf(api.reserveStock) },
    async (request) => {
      // No catalog cache clearing here: under a burst of purchases it would empty the cache hundreds of times a
      // second; the stock the catalog shows may lag by CATALOG_CACHE_MS, and this reservation is what decides.
      return reserve(request.body);
    },
  );

  app.post(
    api.releaseStock.path,
    { schema: schemaOf(api.releaseStock) },
    async (request) => {
      return releaseStock(store.pool, request.body.orderId);
    },
  );
}
