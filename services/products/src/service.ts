import { fileURLToPath } from 'node:url';
import { openPgStore, serve, type RunningService } from '@marketshare/service-kit';
import { buildApp } from './app.js';
import { MicroCache } from '@marketshare/microcache';
import { loadProductsConfig } from './config.js';
import { schema } from './db/schema.js';
import { ImageStore } from './images/image-store.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/** Opens the catalog database (creating and migrating it), the image directory, and listens. */
export async function startService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadProductsConfig(env);
  return serve({ name: 'products', port: config.PRODUCTS_PORT, host: config.HOST }, async (scope) => {
    const images = new ImageStore(config.IMAGES_DIR);
    await images.init();
    const store = scope.own(await openPgStore({ url: config.PRODUCTS_DATABASE_URL, schema, migrationsFolder: MIGRATIONS }));
    // Catalog reads are cached per page and search for CATALOG_CACHE_MS (1 s by default). Every seller's change in this
    // process clears the cache, so a seller sees their own change at once; another replica's change, and stock moved
    // by purchases, show within that time, which a catalog page can afford: stock and prices that matter are checked
    // again by the orders service's atomic reservation.
    const catalogCache = new MicroCache(config.CATALOG_CACHE_MS);
    return buildApp({ config, store, images, catalogCache });
  });
}
