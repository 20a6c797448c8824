import type { PgStore } from '@marketshare/service-kit';
import type { MicroCache } from '@marketshare/microcache';
import type { ProductsConfig } from './config.js';
import type { schema } from './db/schema.js';
import type { ImageStore } from './images/image-store.js';
import type { SellerNames } from './clients/seller-names.js';

/** What the HTTP app needs from the process: built by `startService`, or by a test with real stores. */
export interface ProductsDeps {
  config: ProductsConfig;
  store: PgStore<typeof schema>;
  images: ImageStore;
  catalogCache: MicroCache;
  sellerNames: SellerNames;
}
