import { assertOwner, badRequest, currentUser, notFound, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import type { FastifyReply } from 'fastify';
import { MAX_PAGE_SIZE, productsApi as api } from '@marketshare/contracts';
import type { ProductsDeps } from '../deps.js';
import { MicroCache } from '@marketshare/microcache';
import {
  countProducts,
  createProduct,
  findProduct,
  imageIdsOf,
  listProducts,
  lockListedProduct,
  reorderImages,
  unpublishProduct,
  updateProduct,
} from '../db/catalog.js';
import { featuresProblems, imageOrderProblems, priceRangeProblems } from '../domain/product-rules.js';

// Catalog reads are cached as the bytes of the answer: a page asked a thousand times a second is serialized once.
function serialized(reply: FastifyReply, value: unknown): Buffer {
  const out = reply.serialize(value);
  return typeof out === 'string' ? Buffer.from(out) : Buffer.from(out as Uint8Array);
}
const sendJson = (reply: FastifyReply, body: Buffer) => reply.type('application/json; charset=utf-8').send(body);

/** Public catalog: guests read; sellers create; owners change and delete. Deleting only unpublishes. */
export function productRoutes(app: ServiceApp, { store, images, catalogCache }: ProductsDeps) {
  const { db } = store;

  app.get(
    api.list.path,
    { preHandler: app.guards.optional, schema: schemaOf(api.list) },
    async (request, reply) => {
      const query = request.query;
      const problems = priceRangeProblems(query.minPrice, query.maxPrice);
      if (problems.length) throw badRequest('minPrice must not exceed maxPrice', problems);
      const page = query.page ?? 1;
      const pageSize = Math.min(query.pageSize ?? 20, MAX_PAGE_SIZE);
      const { sort, ...filters } = { ...query, page: undefined, pageSize: undefined };
      const catalogQuery = { ...filters, sort, page, pageSize };
      const body = await catalogCache.remember(MicroCache.keyOf('page', catalogQuery), async () => {
        // The total is kept apart from the page: paging through a broad search counts its matches once.
        const [items, total] = await Promise.all([
          listProducts(db, catalogQuery),
          catalogCache.remember(MicroCache.keyOf('count', filters), () => countProducts(db, filters)),
        ]);
        return serialized(reply, { items, page, pageSize, total });
      });
      return sendJson(reply, body);
    },
  );

  app.get(
    api.get.path,
    { preHandler: app.guards.optional, schema: schemaOf(api.get) },
    async (request, reply) => {
      const { id } = request.params;
      const body = await catalogCache.remember(`product:${id}`, async () => {
        const product = await findProduct(db, id);
        return product && serialized(reply, product);
      });
      if (!body) throw notFound('Product');
      return sendJson(reply, body);
    },
  );

  app.post(
    api.create.path,
    { preHandler: app.guards.role('seller'), schema: schemaOf(api.create) },
    async (request, reply) => {
      const body = request.body;
      const features = { text: body.features.text ?? '', rows: body.features.rows ?? [] };
      const problems = featuresProblems(features);
      if (problems.length) throw badRequest('features needs a text or at least one row', problems);
      const product = await createProduct(db, currentUser(request).id, {
        ...body,
        state: body.state ?? 'NUEVO',
        colors: body.colors ?? [],
        discount: body.discount ?? 0,
        features,
        specialFeatures: body.specialFeatures ?? [],
      });
      catalogCache.clear();
      return reply.status(201).send(product);
    },
  );

  app.patch(
    api.update.path,
    { preHandler: app.guards.user, schema: schemaOf(api.update) },
    async (request) => {
      const { id } = request.params;
      const { imageOrder, features: givenFeatures, ...fields } = request.body;
      // A features object replaces the old one whole, so it must stand on its own.
      const features = givenFeatures && { text: givenFeatures.text ?? '', rows: givenFeatures.rows ?? [] };
      const problems = features ? featuresProblems(features) : [];
      if (problems.length) throw badRequest('features needs a text or at least one row', problems);
      await db.transaction(async (tx) => {
        const product = await lockListedProduct(tx, id);
        if (!product) throw notFound('Product');
        assertOwner(request, product.sellerId, 'product');
        if (imageOrder) {
          const orderProblems = imageOrderProblems(imageOrder, await imageIdsOf(tx, id));
          if (orderProblems.length) throw badRequest('imageOrder must list every image of the product once', orderProblems);
          await reorderImages(tx, imageOrder);
        }
        await updateProduct(tx, id, { ...fields, ...(features && { features }) });
      });
      catalogCache.clear();
      return (await findProduct(db, id))!;
    },
  );

  app.delete(
    api.delete.path,
    { preHandler: app.guards.user, schema: schemaOf(api.delete) },
    async (request, reply) => {
      const { id } = request.params;
      const files = await db.transaction(async (tx) => {
        const product = await lockListedProduct(tx, id);
        if (!product) throw notFound('Product');
        assertOwner(request, product.sellerId, 'product');
        return unpublishProduct(tx, id);
      });
      catalogCache.clear();
      // Files go only after the commit: a rolled-back delete must not lose images.
      await images.remove(files).catch((err) => request.log.warn({ err, productId: id }, 'could not remove image files'));
      return reply.status(204).send(null);
    },
  );
}

/** Orders need the product an order names even after its seller deleted it (registered among the /internal routes). */
export function internalProductRoutes(app: ServiceApp, { store }: ProductsDeps) {
  app.get(api.internalProduct.path, { schema: schemaOf(api.internalProduct) }, async (request) => {
    const product = await findProduct(store.db, request.params.id, { includeUnpublished: true });
    if (!product) throw notFound('Product');
    return product;
  });
}
