import { STORED_IMAGE_NAME } from '@marketshare/contracts';

// The image formats a product may carry, recognised from the bytes (never the client's name or header).
export const IMAGE_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
} as const;
export type ImageMime = keyof typeof IMAGE_TYPES;
export type ImageExt = (typeof IMAGE_TYPES)[ImageMime];

export const isImageMime = (mime: string | undefined): mime is ImageMime => !!mime && mime in IMAGE_TYPES;

const BY_EXT: Record<string, ImageMime> = Object.fromEntries(Object.entries(IMAGE_TYPES).map(([m, e]) => [e, m as ImageMime]));


/** The content type of a stored file, or undefined when the name is not one the server could have made. */
export function contentTypeOfStoredName(name: string): ImageMime | undefined {
  const m = STORED_IMAGE_NAME.exec(name);
  return m ? BY_EXT[m[1]] : undefined;
}
