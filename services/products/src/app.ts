import multipart from '@fastify/multipart';
import { createServiceApp, registerInternalRoutes, type ServiceApp } from '@marketshare/service-kit';
import { MAX_IMAGE_BYTES, MAX_IMAGES } from '@marketshare/contracts';
import { internalProductRoutes, productRoutes } from './routes/products.js';
import { imageRoutes } from './routes/images.js';
import { categoryRoutes } from './routes/categories.js';
import { stockRoutes } from './routes/stock.js';
import { ratingRoutes } from './routes/ratings.js';
import type { ProductsDeps } from './deps.js';

export async function buildApp(deps: ProductsDeps): Promise<ServiceApp> {
  const { config, store } = deps;
  const app = await createServiceApp({
    name: 'products',
    description: 'Catalog, search, images and stock',
    logLevel: config.LOG_LEVEL,
    auth: { jwksUrl: `${config.AUTH_URL}/.well-known/jwks.json`, issuer: config.PUBLIC_URL },
    readiness: { postgres: () => store.ping() },
  });
  // One file part more than a product can hold gets through, so the route answers "too many images" itself.
  await app.register(multipart, {
    limits: { fileSize: MAX_IMAGE_BYTES, files: MAX_IMAGES + 1, fields: 10, parts: MAX_IMAGES + 11, fieldSize: 1024 },
  });
  productRoutes(app, deps);
  imageRoutes(app, deps);
  categoryRoutes(app, deps);
  await registerInternalRoutes(app, (internal) => {
    internalProductRoutes(internal, deps);
    stockRoutes(internal, deps);
    ratingRoutes(internal, deps);
  });
  return app;
}
