import { Type, type ServiceApp } from '@marketshare/service-kit';
import { CATEGORIES } from '@marketshare/contracts';
import type { ProductsDeps } from '../deps.js';
import { countByCategory } from '../db/catalog.js';

const CategoryResponse = Type.Object({
  slug: Type.String(),
  labels: Type.Object({ es: Type.String(), en: Type.String() }),
  count: Type.Integer({ description: 'published products in the category' }),
});

/** The 13 fixed categories in the original's order, with labels in both languages and how many products each has. */
export function categoryRoutes(app: ServiceApp, { store, catalogCache }: ProductsDeps) {
  app.get('/api/categories', { schema: { tags: ['products'], response: { 200: Type.Array(CategoryResponse) } } }, async () => {
    const counts = await catalogCache.remember('categories', () => countByCategory(store.db));
    return CATEGORIES.map((c) => ({ slug: c.slug, labels: { es: c.es, en: c.en }, count: counts.get(c.slug) ?? 0 }));
  });
}
