import { Type, assertOwner, badRequest, currentUser, notFound, type ServiceApp } from '@marketshare/service-kit';
import type { FastifyReply } from 'fastify';
import { IdParam, MAX_PAGE_SIZE, Page, Pagination } from '@marketshare/contracts';
import type { ProductsDeps } from '../deps.js';
import { MicroCache } from '@marketshare/microcache';
import {
  SORTS,
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
import { Category, CreateProductBody, MAX_INT_ID, MAX_PRICE, ProductResponse, ProductStateField, UpdateProductBody } from './product-shapes.js';

const CatalogQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'words from the name, description or features; accents ignored' })),
    category: Type.Optional(Category),
    sellerId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_INT_ID })),
    state: Type.Optional(ProductStateField),
    minPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PRICE, description: 'on the discounted unit price' })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PRICE, description: 'on the discounted unit price' })),
    sort: Type.Optional(Type.Unsafe<(typeof SORTS)[number]>({ type: 'string', enum: [...SORTS], default: 'newest' })),
    ...Pagination.properties,
  },
  { additionalProperties: false },
);

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
    '/api/products',
    {
      preHandler: app.guards.optional,
      schema: { tags: ['products'], querystring: CatalogQuery, response: { 200: Page(ProductResponse) } },
    },
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
    '/api/products/:id',
    { preHandler: app.guards.optional, schema: { tags: ['products'], params: IdParam, response: { 200: ProductResponse } } },
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
    '/api/products',
    {
      preHandler: app.guards.role('seller'),
      schema: { tags: ['products'], security: [{ bearer: [] }], body: CreateProductBody, response: { 201: ProductResponse } },
    },
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
    '/api/products/:id',
    {
      preHandler: app.guards.user,
      schema: { tags: ['products'], security: [{ bearer: [] }], params: IdParam, body: UpdateProductBody, response: { 200: ProductResponse } },
    },
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
    '/api/products/:id',
    { preHandler: app.guards.user, schema: { tags: ['products'], security: [{ bearer: [] }], params: IdParam } },
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
      return reply.status(204).send();
    },
  );

  // Orders need the product an order names even after its seller deleted it.
  app.get(
    '/internal/products/:id',
    {
      preHandler: app.guards.service('orders-service'),
      schema: { tags: ['internal'], security: [{ bearer: [] }], params: IdParam, response: { 200: ProductResponse } },
    },
    async (request) => {
      const product = await findProduct(db, request.params.id, { includeUnpublished: true });
      if (!product) throw notFound('Product');
      return product;
    },
  );
}
