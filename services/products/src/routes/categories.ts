import { schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { CATEGORIES, productsApi as api } from '@marketshare/contracts';
import type { ProductsDeps } from '../deps.js';
import { countByCategory } from '../db/catalog.js';

/** The 13 fixed categories in the original's order, with labels in both languages and how many products each has. */
export function categoryRoutes(app: ServiceApp, { store, catalogCache }: ProductsDeps) {
  app.get(api.categories.path, { schema: schemaOf(api.categories) }, async () => {
    const counts = await catalogCache.remember('categories', () => countByCategory(store.db));
    return CATEGORIES.map((c) => ({ slug: c.slug, labels: { es: c.es, en: c.en }, count: counts.get(c.slug) ?? 0 }));
  });
}
