import { assertOwner, badRequest, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { MAX_IMAGES, productsApi as api } from '@marketshare/contracts';
import type { ProductsDeps } from '../deps.js';
import { addImages, deleteImage, findProduct, imageIdsOf, lockListedProduct, reorderImages } from '../db/catalog.js';
import { contentTypeOfStoredName } from '../domain/image-types.js';
import { imageSlotsLeft } from '../domain/product-rules.js';
import type { PreparedImage } from '../images/image-store.js';
import { imageNotFound, productNotFound } from './refusals.js';
import { asClientError, notMultipart, prepareUpload, tooManyImages, unexpectedPart, withStagedImages } from './uploads.js';

/** Product images: owners upload and delete them; anyone reads the files, which never change once written. */
export function imageRoutes(app: ServiceApp, { store, images, catalogCache }: ProductsDeps) {
  const { db } = store;

  app.post(
    api.uploadImages.path,
    { preHandler: app.guards.user, schema: schemaOf(api.uploadImages) },
    async (request, reply) => {
      const { id } = request.params;
      const remove = new Set((request.query.remove ?? '').split(',').filter(Boolean).map(Number));
      const product = await findProduct(db, id);
      if (!product) throw productNotFound();
      assertOwner(request, product.sellerId, 'product');
      if (!request.isMultipart()) throw notMultipart();

      // Read and check every part before writing anything: a request is stored whole or not at all, the images it
      // removes included (an image already gone was removed by an earlier try of the same edit).
      const left = imageSlotsLeft(product.images.filter((img) => !remove.has(img.id)).length);
      const prepared: PreparedImage[] = [];
      try {
        for await (const part of request.parts()) {
          if (part.type !== 'file' || part.fieldname !== 'file') throw unexpectedPart(part.fieldname, 'images as parts named "file"');
          if (prepared.length >= left) throw tooManyImages(left);
          prepared.push(await prepareUpload(images, part));
        }
      } catch (err) {
        throw asClientError(err);
      }
      if (!prepared.length) throw badRequest('No image sent', [{ field: 'file', message: 'is required', code: 'required' }]);

      const removedFiles = await withStagedImages(images, db, prepared, async (tx, written) => {
        // Counted again under the product's lock: two concurrent uploads cannot pass four together.
        if (!(await lockListedProduct(tx, id))) throw productNotFound();
        const gone: string[] = [];
        for (const imageId of remove) gone.push(...((await deleteImage(tx, id, imageId)) ?? []));
        const existing = await imageIdsOf(tx, id);
        if (existing.length + written.length > MAX_IMAGES) throw tooManyImages(imageSlotsLeft(existing.length));
        if (gone.length) await reorderImages(tx, existing); // keep positions 0..n-1 before the new ones
        await addImages(tx, id, existing.length, written);
        return gone;
      });
      catalogCache.clear();
      await images.remove(removedFiles).catch((err) => request.log.warn({ err, id }, 'could not remove image files'));
      return reply.status(201).send((await findProduct(db, id))!);
    },
  );

  app.delete(
    api.deleteImage.path,
    { preHandler: app.guards.user, schema: schemaOf(api.deleteImage) },
    async (request) => {
      const { id, imageId } = request.params;
      const files = await db.transaction(async (tx) => {
        const product = await lockListedProduct(tx, id);
        if (!product) throw productNotFound();
        assertOwner(request, product.sellerId, 'product');
        const gone = await deleteImage(tx, id, imageId);
        if (!gone) throw imageNotFound();
        await reorderImages(tx, await imageIdsOf(tx, id)); // keep positions 0..n-1
        return gone;
      });
      catalogCache.clear();
      await images.remove(files).catch((err) => request.log.warn({ err, imageId }, 'could not remove image files'));
      return (await findProduct(db, id))!;
    },
  );

  app.get(
    api.image.path,
    { schema: schemaOf(api.image) },
    async (request, reply) => {
      const { file } = request.params;
      const contentType = contentTypeOfStoredName(file);
      const opened = contentType && (await images.open(file));
      if (!opened) throw imageNotFound();
      return reply
        .header('content-type', contentType)
        .header('content-length', opened.size)
        // A stored name is never reused for other bytes, so clients and the gateway may keep it forever.
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(opened.stream);
    },
  );
}
