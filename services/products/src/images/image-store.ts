import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, opendir, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import { STORED_IMAGE_NAME } from '@marketshare/contracts';
import { IMAGE_TYPES, isImageMime, type ImageMime } from '../domain/image-types.js';

// Every upload is a new image, so libvips' operation cache (50 MB by default) would only hold memory, never hits.
sharp.cache(false);

export const THUMBNAIL_SIZE = 320;
// A 5 MB file can still decode to a huge bitmap (a "decompression bomb"); refuse images above ~40 megapixels.
const MAX_PIXELS = 40_000_000;

/** The same format again, at a quality that keeps the picture; sharp writes no metadata unless asked. */
function reencode(image: Sharp, mime: ImageMime): Sharp {
  switch (mime) {
    case 'image/jpeg':
      return image.jpeg({ quality: 90, mozjpeg: true });
    case 'image/png':
      return image.png({ compressionLevel: 9 });
    case 'image/webp':
      return image.webp({ quality: 90 });
    case 'image/gif':
      return image.gif();
  }
}

/** An upload that passed every check and is ready to be written. */
export interface PreparedImage {
  original: Buffer;
  thumbnail: Buffer;
  contentType: ImageMime;
  ext: string;
  /** SHA-256 of the bytes as uploaded: tells a form sent again from another. */
  uploadDigest: string;
}

export class ImageRejected extends Error {
  constructor(
    readonly statusCode: 400 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Image files on a directory (a volume in a cluster). Names are made here from random bytes; a name from a request
 * is only ever used after it matches STORED_IMAGE_NAME, so no input can point outside the directory.
 */
export class ImageStore {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /**
   * Recognises the format from the bytes, then re-encodes the image in that format: what is stored and served is
   * only the picture, upright, with no metadata (EXIF, GPS, comments) and nothing appended after it. The thumbnail
   * comes from the same decoded image.
   */
  async prepare(original: Buffer): Promise<PreparedImage> {
    const sniffed = await fileTypeFromBuffer(original);
    if (!isImageMime(sniffed?.mime)) {
      throw new ImageRejected(415, 'unsupported_media_type', `file: not a PNG, JPEG, WebP or GIF image${sniffed ? ` (looks like ${sniffed.mime})` : ''}`);
    }
    let clean: Buffer;
    let thumbnail: Buffer;
    try {
      const pages = (await sharp(original, { limitInputPixels: MAX_PIXELS }).metadata()).pages ?? 1;
      // an animation keeps its frames; a still image is turned upright by its EXIF orientation, which then goes
      const decoded = pages > 1 ? sharp(original, { limitInputPixels: MAX_PIXELS, animated: true }) : sharp(original, { limitInputPixels: MAX_PIXELS }).rotate();
      clean = await reencode(decoded.clone(), sniffed.mime).toBuffer();
      thumbnail = await decoded
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
    } catch {
      throw new ImageRejected(400, 'invalid_image', `file: a ${sniffed.mime} header but not a readable image`);
    }
    const uploadDigest = createHash('sha256').update(original).digest('hex');
    return { original: clean, thumbnail, contentType: sniffed.mime, ext: IMAGE_TYPES[sniffed.mime], uploadDigest };
  }

  /** Writes an image and its thumbnail under fresh names; returns the names. */
  async write(image: PreparedImage): Promise<{ file: string; thumbnailFile: string }> {
    const base = randomBytes(16).toString('hex');
    const file = `${base}.${image.ext}`;
    const thumbnailFile = `${base}.thumb.webp`;
    await writeFile(join(this.dir, file), image.original, { flag: 'wx' });
    await writeFile(join(this.dir, thumbnailFile), image.thumbnail, { flag: 'wx' });
    return { file, thumbnailFile };
  }

  /** Removes files; a file already gone is fine (removal is retried after partial failures). */
  async remove(names: string[]): Promise<void> {
    await Promise.all(
      names
        .filter((n) => STORED_IMAGE_NAME.test(n))
        .map((n) =>
          unlink(join(this.dir, n)).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'ENOENT') throw e;
          }),
        ),
    );
  }

  /**
   * The names of the stored files, read from the directory as a stream (it may hold a great many). Only the names
   * are read: some volumes do not say which entries are files.
   */
  async *storedNames(): AsyncGenerator<string> {
    for await (const entry of await opendir(this.dir, { bufferSize: 256 })) {
      if (STORED_IMAGE_NAME.test(entry.name)) yield entry.name;
    }
  }

  /** When a stored file was written (they are never changed), or undefined when there is no such file. */
  async writtenAt(name: string): Promise<number | undefined> {
    if (!STORED_IMAGE_NAME.test(name)) return undefined;
    const info = await stat(join(this.dir, name)).catch(() => undefined);
    return info?.isFile() ? info.mtimeMs : undefined;
  }

  /** A stream of a stored file with its size, or undefined when there is no such file. */
  async open(name: string): Promise<{ stream: ReadStream; size: number } | undefined> {
    if (!STORED_IMAGE_NAME.test(name)) return undefined;
    const path = join(this.dir, name);
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      return { stream: createReadStream(path), size: info.size };
    } catch {
      return undefined;
    }
  }
}
