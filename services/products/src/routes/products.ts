import { assertOwner, badRequest, checkBody, currentUser, HttpError, schemaOf, unprocessable, type ServiceApp } from '@marketshare/service-kit';
import type { FastifyReply } from 'fastify';
import { CreateProductBody, MAX_PAGE_SIZE, productsApi as api, ReplaceProductFields, type Product } from '@marketshare/contracts';
import type { ProductsDeps } from '../deps.js';
import { MicroCache } from '@marketshare/microcache';
import {
  addImages,
  catalogFacets,
  countProducts,
  deleteImage,
  findProduct,
  findProductByKey,
  imageIdsOf,
  insertProduct,
  listProducts,
  lockListedProduct,
  renameSeller,
  reorderImages,
  storedSellerName,
  unpublishProduct,
  updateProduct,
  type CreationKey,
} from '../db/catalog.js';
import { productNotFound } from './refusals.js';
import {
  creationDigest,
  featuresProblems,
  imageOrderProblems,
  imageSlotProblems,
  priceRangeProblems,
  withProductDefaults,
} from '../domain/product-rules.js';
import { notMultipart, readProductForm, withStagedImages } from './uploads.js';

// Catalog reads are cached as the bytes of the answer: a page asked a thousand times a second is serialized once.
function serialized(reply: FastifyReply, value: unknown): Buffer {
  const out = reply.serialize(value);
  return typeof out === 'string' ? Buffer.from(out) : Buffer.from(out as Uint8Array);
}
const sendJson = (reply: FastifyReply, body: Buffer) => reply.type('application/json; charset=utf-8').send(body);

/** Thrown inside a new product's transaction when its Idempotency-Key is already on a product: undoes it, files too. */
class KeyAlreadyUsed extends Error {}

/** Public catalog: guests read; sellers create; owners change and delete. Deleting only unpublishes. */
export function productRoutes(app: ServiceApp, { store, images, catalogCache, sellerNames }: ProductsDeps) {
  const { db } = store;

  /**
   * The seller's display name for their products, read from users at each change of theirs and written on all their
   * products, so a renamed organization is found under its new name from the seller's next change on. When users
   * cannot answer, the name already stored stands (docs/internals.md, "Seller names in the catalog").
   */
  async function currentSellerName(sellerId: number): Promise<string> {
    const name = (await sellerNames.displayName(sellerId))?.slice(0, 200);
    if (name === undefined) return storedSellerName(db, sellerId);
    await renameSeller(db, sellerId, name);
    return name;
  }

  app.get(
    api.list.path,
    { preHandler: app.guards.optional, schema: schemaOf(api.list) },
    async (request, reply) => {
      const query = request.query;
      const problems = priceRangeProblems(query.minPrice, query.maxPrice);
      if (problems.length) throw badRequest('minPrice must not exceed maxPrice', problems);
      const page = query.page ?? 1;
      const pageSize = Math.min(query.pageSize ?? 20, MAX_PAGE_SIZE);
      const { sort, facets: withFacets, ...filters } = { ...query, page: undefined, pageSize: undefined };
      const catalogQuery = { ...filters, sort, page, pageSize };
      const body = await catalogCache.remember(MicroCache.keyOf('page', { ...catalogQuery, withFacets }), async () => {
        // The total and the facets are kept apart from the page: paging through a broad search counts its matches once.
        const [items, total, facets] = await Promise.all([
          listProducts(db, catalogQuery),
          catalogCache.remember(MicroCache.keyOf('count', filters), () => countProducts(db, filters)),
          withFacets ? catalogCache.remember(MicroCache.keyOf('facets', filters), () => catalogFacets(db, filters)) : undefined,
        ]);
        return serialized(reply, { items, page, pageSize, total, ...(facets && { facets }) });
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
      if (!body) throw productNotFound();
      return sendJson(reply, body);
    },
  );

  /** The product an earlier request with this key published, when it said the same; 422 when it said otherwise. */
  async function firstCreation(sellerId: number, creation: CreationKey): Promise<Product> {
    const earlier = await findProductByKey(db, sellerId, creation.key);
    if (!earlier) throw new Error('the unique index found a key no product has');
    if (earlier.digest !== creation.digest) throw unprocessable('This Idempotency-Key was used to publish another product', 'idempotency_key_reused');
    return earlier.product;
  }

  app.post(
    api.create.path,
    { preHandler: app.guards.role('seller'), schema: schemaOf(api.create) },
    async (request, reply) => {
      // The fields as JSON, or the same JSON in the part "product" of a multipart form with the images as "file"
      // parts in display order: every part is read and checked before anything is written.
      const form = request.isMultipart() ? await readProductForm(request, images) : undefined;
      if (!form && request.mediaType !== 'application/json') {
        throw new HttpError(415, 'unsupported_media_type', 'Send the product as JSON, or as a multipart form with the JSON in the part "product"');
      }
      const fields = withProductDefaults(form ? checkBody(CreateProductBody, form.product, 'product') : request.body);
      const problems = featuresProblems(fields.features);
      if (problems.length) throw badRequest('features needs a text or at least one row', problems);
      const files = form?.files ?? [];
      const sellerId = currentUser(request).id;
      const key = request.headers['idempotency-key'];
      const creation = key === undefined ? undefined : { key, digest: creationDigest(fields, files.map((f) => f.uploadDigest)) };
      const sellerName = await currentSellerName(sellerId);

      // The files are staged until the transaction that inserts the product and its image rows commits. A key the
      // seller already published with inserts nothing: the transaction and its files are undone, and the first
      // product answers, so a form sent twice publishes once.
      const id = await withStagedImages(images, db, files, async (tx, written) => {
        const inserted = await insertProduct(tx, sellerId, sellerName, fields, creation);
        if (inserted === undefined) throw new KeyAlreadyUsed();
        await addImages(tx, inserted, 0, written);
        return inserted;
      }).catch((err: unknown) => {
        if (err instanceof KeyAlreadyUsed) return undefined;
        throw err;
      });
      if (id === undefined) return reply.status(200).send(await firstCreation(sellerId, creation!));
      catalogCache.clear();
      return reply.status(201).send((await findProduct(db, id))!);
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
        if (!product) throw productNotFound();
        assertOwner(request, product.sellerId, 'product');
        if (imageOrder) {
          const orderProblems = imageOrderProblems(imageOrder, await imageIdsOf(tx, id));
          if (orderProblems.length) throw badRequest('imageOrder must list every image of the product once', orderProblems);
          await reorderImages(tx, imageOrder);
        }
        await updateProduct(tx, id, { ...fields, ...(features && { features }) });
      });
      await currentSellerName(currentUser(request).id);
      catalogCache.clear();
      return (await findProduct(db, id))!;
    },
  );

  app.put(
    api.replace.path,
    { preHandler: app.guards.user, schema: schemaOf(api.replace) },
    async (request) => {
      const { id } = request.params;
      const product = await findProduct(db, id);
      if (!product) throw productNotFound();
      assertOwner(request, product.sellerId, 'product');
      if (!request.isMultipart()) throw notMultipart();
      // Every part is read and checked before anything is written: a bad field or file changes nothing at all.
      const form = await readProductForm(request, images);
      const { images: slots, ...body } = checkBody(ReplaceProductFields, form.product, 'product');
      const fields = withProductDefaults(body);
      const problems = [...featuresProblems(fields.features), ...imageSlotProblems(slots, form.files.length)];
      if (problems.length) throw badRequest(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);

      // The new files are staged under names no row points to until the transaction that adds them commits; the
      // images left out lose their rows in it and their files after it. The same form sent again leaves the same
      // product: its new images are added again and the copies the first save added, not listed, go.
      const removedFiles = await withStagedImages(images, db, form.files, async (tx, written) => {
        if (!(await lockListedProduct(tx, id))) throw productNotFound();
        const current = await imageIdsOf(tx, id);
        const kept = new Set(slots.flatMap((s) => (s.id !== undefined && current.includes(s.id) ? [s.id] : [])));
        const gone: string[] = [];
        for (const imageId of current) if (!kept.has(imageId)) gone.push(...((await deleteImage(tx, id, imageId)) ?? []));
        const added = await addImages(tx, id, kept.size, written);
        await reorderImages(tx, slots.flatMap((s) => (s.file !== undefined ? [added[s.file]!] : kept.has(s.id!) ? [s.id!] : [])));
        await updateProduct(tx, id, fields);
        return gone;
      });
      await currentSellerName(product.sellerId);
      catalogCache.clear();
      await images.remove(removedFiles).catch((err) => request.log.warn({ err, id }, 'could not remove image files'));
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
        if (!product) throw productNotFound();
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
    if (!product) throw productNotFound();
    return product;
  });
}
