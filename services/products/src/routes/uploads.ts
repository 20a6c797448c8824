import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { badRequest, HttpError, unavailable } from '@marketshare/service-kit';
import { MAX_IMAGE_BYTES, MAX_IMAGES } from '@marketshare/contracts';
import type { Db, Tx } from '../db/catalog.js';
import { ImageRejected, type ImageStore, type PreparedImage } from '../images/image-store.js';
import { STAGED_SAVE_DEADLINE_MS } from '../images/staged-sweep.js';

// What the routes that take image files share: each refusal with its code and params (the detail on `file` too),
// and every file read and checked before anything is written.

export const tooManyImages = (left: number) =>
  badRequest(`A product has at most ${MAX_IMAGES} images; this one has room for ${left} more`, [
    { field: 'file', message: `at most ${MAX_IMAGES} images per product`, code: 'too_many_images', params: { limit: MAX_IMAGES, left } },
  ], 'too_many_images').withParams({ limit: MAX_IMAGES, left });

export const unexpectedPart = (name: string, expected: string) =>
  badRequest(`Unexpected part "${name}": send ${expected}`, [{ field: name, message: 'is not allowed', code: 'unexpected_part' }]);

export const notMultipart = () => new HttpError(415, 'unsupported_media_type', 'Send images as multipart/form-data parts named "file"');

/**
 * The multipart parser's own errors (no boundary, a body cut short, a broken part header) carry no status: they
 * are the client's malformed body, not our failure. A file over the size limit is `image_too_large`. Other errors
 * with a status pass as they are.
 */
export function asClientError(err: unknown): unknown {
  if (err instanceof Error && (err as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') {
    const params = { limit: MAX_IMAGE_BYTES };
    return new HttpError(413, 'image_too_large', `file: larger than ${MAX_IMAGE_BYTES} bytes`, [
      { field: 'file', message: `is larger than ${MAX_IMAGE_BYTES} bytes`, code: 'image_too_large', params },
    ]).withParams(params);
  }
  if (err instanceof HttpError || typeof (err as { statusCode?: unknown }).statusCode === 'number' || !(err instanceof Error)) return err;
  return badRequest(`The multipart body is malformed: ${err.message}`, [
    { field: 'file', message: 'is not a readable multipart part', code: 'format' },
  ]);
}

/** Reads one file part whole and checks it is an image we keep; nothing is written. */
export async function prepareUpload(images: ImageStore, part: MultipartFile): Promise<PreparedImage> {
  const bytes = await part.toBuffer().catch((err: unknown) => {
    throw asClientError(err); // over the size limit a 413; a body cut short a 400
  });
  try {
    return await images.prepare(bytes);
  } catch (err) {
    if (err instanceof ImageRejected) {
      throw new HttpError(err.statusCode, err.code, err.message, [
        { field: 'file', message: err.message.replace(/^file: /, ''), code: err.code },
      ]);
    }
    throw err;
  }
}

export type WrittenImage = { file: string; thumbnailFile: string; contentType: string; bytes: number };

/**
 * Writes checked images under fresh names no row points to yet, runs `work` in a transaction, and removes the files
 * again when it fails: until the transaction that names them commits, they are only staged. A save that reaches its
 * commit later than STAGED_SAVE_DEADLINE_MS after it began writing gives up instead, so the sweep, which waits far
 * longer, never removes a file a save is still about to commit.
 */
export async function withStagedImages<T>(
  images: ImageStore,
  db: Db,
  prepared: PreparedImage[],
  work: (tx: Tx, written: WrittenImage[]) => Promise<T>,
  deadlineMs = STAGED_SAVE_DEADLINE_MS,
): Promise<T> {
  const written: WrittenImage[] = [];
  const began = performance.now();
  try {
    for (const img of prepared) written.push({ ...(await images.write(img)), contentType: img.contentType, bytes: img.original.length });
    return await db.transaction(async (tx) => {
      const result = await work(tx, written);
      if (written.length && performance.now() - began > deadlineMs) {
        throw unavailable('Saving the images took too long, so nothing was saved; send them again');
      }
      return result;
    });
  } catch (err) {
    await images.remove(written.flatMap((w) => [w.file, w.thumbnailFile]));
    throw err;
  }
}

/** Room for the `product` part of a whole-product form: its texts at their longest, written as escaped JSON. */
const PRODUCT_PART_BYTES = 128 * 1024;

/**
 * Reads a whole-product form (POST /api/products, PUT /api/products/:id): the `product` part as it was sent (JSON,
 * not yet checked) and every `file` part read and checked as an image. Nothing is written.
 */
export async function readProductForm(request: FastifyRequest, images: ImageStore): Promise<{ product: unknown; files: PreparedImage[] }> {
  let product: unknown;
  const files: PreparedImage[] = [];
  try {
    for await (const part of request.parts({ limits: { fieldSize: PRODUCT_PART_BYTES } })) {
      if (part.type === 'field' && part.fieldname === 'product' && product === undefined) {
        product = productPart(part.value, part.valueTruncated);
      } else if (part.type === 'file' && part.fieldname === 'file') {
        if (files.length >= MAX_IMAGES) throw tooManyImages(MAX_IMAGES);
        files.push(await prepareUpload(images, part));
      } else {
        throw unexpectedPart(part.fieldname, 'the fields as JSON in a part named "product" and images as parts named "file"');
      }
    }
  } catch (err) {
    throw asClientError(err);
  }
  if (product === undefined) throw badRequest('The part "product" is missing', [{ field: 'product', message: 'is required', code: 'required' }]);
  return { product, files };
}

/** The `product` part: JSON whether it came as text or typed application/json (which the parser has read already). */
function productPart(value: unknown, truncated: boolean): unknown {
  if (truncated) throw new HttpError(413, 'payload_too_large', `The part "product" is longer than ${PRODUCT_PART_BYTES} bytes`);
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw badRequest('The part "product" is not JSON', [{ field: 'product', message: 'is not JSON', code: 'format' }]);
  }
}
