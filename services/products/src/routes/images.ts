import type { MultipartFile } from '@fastify/multipart';
import { assertOwner, badRequest, notFound, HttpError, schemaOf, type ServiceApp } from '@marketshare/service-kit';
import { MAX_IMAGES, productsApi as api } from '@marketshare/contracts';
import type { ProductsDeps } from '../deps.js';
import { addImages, deleteImage, findProduct, imageIdsOf, lockListedProduct, reorderImages } from '../db/catalog.js';
import { contentTypeOfStoredName } from '../domain/image-types.js';
import { imageSlotsLeft } from '../domain/product-rules.js';
import { ImageRejected, type PreparedImage } from '../images/image-store.js';

const tooMany = (left: number) =>
  badRequest(`A product has at most ${MAX_IMAGES} images; this one has room for ${left} more`, [
    { field: 'file', message: `at most ${MAX_IMAGES} images per product` },
  ], 'too_many_images');

/**
 * The multipart parser's own errors (no boundary, a body cut short, a broken part header) carry no status: they
 * are the client's malformed body, not our failure. Errors with a status pass as they are.
 */
function asClientError(err: unknown): unknown {
  if (err instanceof HttpError || typeof (err as { statusCode?: unknown }).statusCode === 'number' || !(err instanceof Error)) return err;
  return badRequest(`The multipart body is malformed: ${err.message}`, [{ field: 'file', message: 'is not a readable multipart part' }]);
}

/** Product images: owners upload and delete them; anyone reads the files, which never change once written. */
export function imageRoutes(app: ServiceApp, { store, images, catalogCache }: ProductsDeps) {
  const { db } = store;

  app.post(
    api.uploadImages.path,
    { preHandler: app.guards.user, schema: schemaOf(api.uploadImages) },
    async (request, reply) => {
      const { id } = request.params;
      const product = await findProduct(db, id);
      if (!product) throw notFound('Product');
      assertOwner(request, product.sellerId, 'product');
      if (!request.isMultipart()) throw new HttpError(415, 'unsupported_media_type', 'Send images as multipart/form-data parts named "file"');

      // Read and check every part before writing anything: a request is stored whole or not at all.
      const left = imageSlotsLeft(product.images.length);
      const prepared: PreparedImage[] = [];
      try {
        for await (const part of request.parts()) {
          if (part.type !== 'file' || part.fieldname !== 'file') {
            throw badRequest(`Unexpected part "${part.fieldname}": send images as parts named "file"`, [
              { field: part.fieldname, message: 'is not allowed' },
            ]);
          }
          if (prepared.length >= left) throw tooMany(left);
          prepared.push(await prepareUpload(part));
        }
      } catch (err) {
        throw asClientError(err);
      }
      if (!prepared.length) throw badRequest('No image sent', [{ field: 'file', message: 'is required' }]);

      const written: { file: string; thumbnailFile: string; contentType: string; bytes: number }[] = [];
      try {
        for (const img of prepared) written.push({ ...(await images.write(img)), contentType: img.contentType, bytes: img.original.length });
        await db.transaction(async (tx) => {
          // Counted again under the product's lock: two concurrent uploads cannot pass four together.
          if (!(await lockListedProduct(tx, id))) throw notFound('Product');
          const existing = await imageIdsOf(tx, id);
          if (existing.length + written.length > MAX_IMAGES) throw tooMany(imageSlotsLeft(existing.length));
          await addImages(tx, id, existing.length, written);
        });
      } catch (err) {
        await images.remove(written.flatMap((w) => [w.file, w.thumbnailFile]));
        throw err;
      }
      catalogCache.clear();
      return reply.status(201).send((await findProduct(db, id))!);
    },
  );

  async function prepareUpload(part: MultipartFile): Promise<PreparedImage> {
    const bytes = await part.toBuffer().catch((err: unknown) => {
      throw asClientError(err); // over the size limit a 413; a body cut short a 400
    });
    try {
      return await images.prepare(bytes);
    } catch (err) {
      if (err instanceof ImageRejected) {
        throw new HttpError(err.statusCode, err.code, err.message, [{ field: 'file', message: err.message.replace(/^file: /, '') }]);
      }
      throw err;
    }
  }

  app.delete(
    api.deleteImage.path,
    { preHandler: app.guards.user, schema: schemaOf(api.deleteImage) },
    async (request) => {
      const { id, imageId } = request.params;
      const files = await db.transaction(async (tx) => {
        const product = await lockListedProduct(tx, id);
        if (!product) throw notFound('Product');
        assertOwner(request, product.sellerId, 'product');
        const gone = await deleteImage(tx, id, imageId);
        if (!gone) throw notFound('Image');
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
      if (!opened) throw notFound('Image');
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
