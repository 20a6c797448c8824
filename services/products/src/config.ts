import { Type, env, loadConfig, type Static } from '@marketshare/service-kit';

// The products service's environment (docs/internals.md): nothing else is read.
export const ProductsConfigSchema = Type.Object({
  PRODUCTS_PORT: env.port(8060),
  HOST: env.HOST,
  LOG_LEVEL: env.LOG_LEVEL,
  PUBLIC_URL: env.PUBLIC_URL,
  AUTH_URL: env.AUTH_URL,
  USERS_URL: env.USERS_URL,
  PRODUCTS_DATABASE_URL: env.url('postgresql://postgres@127.0.0.1:5432/marketshare_products', 'PostgreSQL database of the catalog'),
  IMAGES_DIR: Type.String({ default: '.data/images', minLength: 1, description: 'Directory for product images (a volume in a cluster)' }),
  CATALOG_CACHE_MS: Type.Integer({
    default: 1000,
    minimum: 0,
    maximum: 60_000,
    description: 'How long a catalog page may be served from memory (0 turns the micro-cache off)',
  }),
});
export type ProductsConfig = Static<typeof ProductsConfigSchema>;

export const loadProductsConfig = (source: NodeJS.ProcessEnv): ProductsConfig => loadConfig(ProductsConfigSchema, source);
