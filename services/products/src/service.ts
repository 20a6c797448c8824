import { fileURLToPath } from 'node:url';
import { openPgStore, serve, startPoller, type RunningService } from '@marketshare/service-kit';
import { buildApp } from './app.js';
import { MicroCache } from '@marketshare/microcache';
import { loadProductsConfig } from './config.js';
import { schema } from './db/schema.js';
import { ImageStore } from './images/image-store.js';
import { usersSellerNames } from './clients/seller-names.js';
import { sweepStagedImages, SWEEP_INTERVAL_MS } from './images/staged-sweep.js';

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
    const app = await buildApp({ config, store, images, catalogCache, sellerNames: usersSellerNames(config.USERS_URL) });
    // Image files a crash left with no row pointing to them go at start-up and every hour after (images/staged-sweep.ts).
    const sweep = startPoller('image sweep', app.log, SWEEP_INTERVAL_MS, async () => {
      const { removed } = await sweepStagedImages(store.db, images);
      if (removed) app.log.info({ removed }, 'removed image files no product points to');
    });
    scope.onClose(() => sweep.stop());
    sweep.runNow().catch(() => undefined); // the first pass, at start-up; it logs its own failure
    return app;
  });
}
