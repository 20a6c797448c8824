import { productsApi, type ProductImage } from '@marketshare/contracts';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { bodyOf, http, send, type Caller, type Stack, type TestAccount } from '@marketshare/test-env';
import { createProduct, imageForm, jpeg, png, startCatalogStack } from './fixtures.js';

let stack: Stack;
let base: string;
let seller: TestAccount;
let otherSeller: TestAccount;
let consumer: TestAccount;
const storedFiles = () => readdir(stack.env.IMAGES_DIR);

beforeAll(async () => {
  ({ stack, base, seller, otherSeller, consumer } = await startCatalogStack());
});
afterAll(async () => {
  await stack?.stop();
});

const upload = (id: number, who: Caller, body: FormData) => send(stack, who, productsApi.uploadImages, { params: { id }, body });
/** An upload sent as is: bodies that are no well-formed multipart form. */
const uploadAsIs = (id: number, opts: Parameters<typeof http>[2]) => http('POST', `${base}/api/products/${id}/images`, { token: seller.token, ...opts });
const imagesOf = async (id: number) => bodyOf(await send(stack, null, productsApi.get, { params: { id } })).images;
const deleteImage = (who: Caller, id: number, imageId: number) => send(stack, who, productsApi.deleteImage, { params: { id, imageId } });

describe('product images', () => {
  it('stores an upload, reads it back as the same picture with its type, and serves a thumbnail', async () => {
    const product = await createProduct(stack, seller);
    const original = await jpeg(1200, 900);
    const res = await upload(product.id, seller, imageForm([{ bytes: original, name: '../../etc/passwd.png', type: 'image/png' }]));
    const { images } = bodyOf(res, 201);
    expect(images).toHaveLength(1);
    const image = images[0]!;
    expect(image.url).toMatch(/^\/images\/[0-9a-f]{32}\.jpg$/); // the server's name, never the client's

    const read = await fetch(`${base}${image.url}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/jpeg');
    expect(read.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const stored = await sharp(Buffer.from(await read.arrayBuffer())).metadata();
    expect([stored.format, stored.width, stored.height]).toEqual(['jpeg', 1200, 900]);

    const thumb = await fetch(`${base}${image.thumbnailUrl}`);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(320);

    // The product as anyone reads it carries the image.
    expect(await imagesOf(product.id)).toEqual([image]);
  });

  it('re-encodes originals: no EXIF or GPS, nothing appended, and upright by the orientation it had', async () => {
    const product = await createProduct(stack, seller);
    const payload = Buffer.from('<?php system($_GET["c"]); ?> APPENDED-PAYLOAD');
    // 40 × 20 pixels stored sideways: EXIF orientation 6 says "rotate 90° clockwise to view"
    const withGps = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#a33' } })
      .withExif({ IFD0: { Make: 'SpyCam', Copyright: 'secret-owner' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '34/1 36/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const sent = Buffer.concat([withGps, payload]);
    expect((await sharp(sent).metadata()).exif).toBeDefined();
    for (const [bytes, format] of [[sent, 'jpeg'], [Buffer.concat([await png(), payload]), 'png']] as const) {
      const res = await upload(product.id, seller, imageForm([{ bytes }]));
      const url = bodyOf(res, 201).images.at(-1)!.url;
      const served = Buffer.from(await (await fetch(`${base}${url}`)).arrayBuffer());
      expect(served.includes(payload)).toBe(false);
      expect(served.includes(Buffer.from('SpyCam'))).toBe(false);
      expect(served.includes(Buffer.from('secret-owner'))).toBe(false);
      const meta = await sharp(served).metadata();
      expect(meta.format).toBe(format);
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      if (format === 'jpeg') expect([meta.width, meta.height]).toEqual([20, 40]);
    }
  });

  it('answers 400, never 500, to a multipart body without a boundary or cut short', async () => {
    const product = await createProduct(stack, seller);
    const bodies: [string, string][] = [
      ['multipart/form-data', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc\r\n--x--\r\n'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc'],
      ['multipart/form-data; boundary=x', '--x\r\nbroken header line\r\n\r\n--x--'],
    ];
    for (const [contentType, body] of bodies) {
      const res = await uploadAsIs(product.id, { headers: { 'content-type': contentType }, body });
      expect(res.status, `${contentType} ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${contentType} ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
  });

  it('lets only the owner upload', async () => {
    const product = await createProduct(stack, seller);
    const form = async () => imageForm([{ bytes: await png() }]);
    expect((await upload(product.id, otherSeller, await form())).status).toBe(403);
    expect((await upload(product.id, consumer, await form())).status).toBe(403);
    expect((await upload(product.id, null, await form())).status).toBe(401);
    expect((await upload(2147483647, seller, await form())).status).toBe(404);
    expect(await imagesOf(product.id)).toEqual([]);
  });

  it('recognises the type from the bytes: a text file named .png is refused', async () => {
    const product = await createProduct(stack, seller);
    const before = await storedFiles();
    const text = Buffer.from('just some text, honestly not a picture\n'.repeat(20));
    const res = await upload(product.id, seller, imageForm([{ bytes: text, name: 'photo.png', type: 'image/png' }]));
    expect([400, 415]).toContain(res.status);
    expect(res.body.details?.[0]?.field).toBe('file');
    // A PNG signature on a broken body does not pass either.
    const fake = Buffer.concat([(await png()).subarray(0, 16), Buffer.alloc(64)]);
    const broken = await upload(product.id, seller, imageForm([{ bytes: fake }]));
    expect([400, 415]).toContain(broken.status);
    // Nor a part under another name.
    const misnamed = await upload(product.id, seller, imageForm([{ bytes: await png(), field: 'image' }]));
    expect(misnamed.status).toBe(400);
    expect(misnamed.body.details?.[0]?.field).toBe('image');
    const json = await uploadAsIs(product.id, { json: { file: 'x' } });
    expect(json.status).toBe(415);
    expect(await imagesOf(product.id)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a file over 5 MB', async () => {
    const product = await createProduct(stack, seller);
    const big = Buffer.concat([await png(), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const res = await upload(product.id, seller, imageForm([{ bytes: big }]));
    expect([400, 413]).toContain(res.status);
    expect(await imagesOf(product.id)).toEqual([]);
  });

  it('takes four images and refuses the fifth, in one request or several', async () => {
    const product = await createProduct(stack, seller);
    const five = await Promise.all(['#f00', '#0f0', '#00f', '#ff0', '#0ff'].map((c) => png(40, 40, c)));
    const all = await upload(product.id, seller, imageForm(five.map((bytes) => ({ bytes }))));
    expect(all.status).toBe(400);
    expect(all.body.error).toBe('too_many_images');

    const three = await upload(product.id, seller, imageForm(five.slice(0, 3).map((bytes) => ({ bytes }))));
    expect(three.status).toBe(201);
    const fourth = await upload(product.id, seller, imageForm([{ bytes: five[3] }]));
    expect(fourth.status).toBe(201);
    expect(fourth.body.images).toHaveLength(4);
    const fifth = await upload(product.id, seller, imageForm([{ bytes: five[4] }]));
    expect(fifth.status).toBe(400);
    expect(fifth.body.error).toBe('too_many_images');
    expect(await imagesOf(product.id)).toHaveLength(4);
  });

  it('replaces images in one request: a bad file deletes nothing, and the same request again is safe', async () => {
    const product = await createProduct(stack, seller);
    const four = await Promise.all(['#101', '#202', '#303', '#404'].map((c) => png(30, 30, c)));
    const [a, b] = bodyOf(await upload(product.id, seller, imageForm(four.map((bytes) => ({ bytes }))))).images as [ProductImage, ProductImage];
    const replace = (form: FormData) =>
      send(stack, seller, productsApi.uploadImages, { params: { id: product.id }, query: { remove: `${a.id},${b.id}` }, body: form });
    const ids = async () => (await imagesOf(product.id)).map((i) => i.id);
    const before = await ids();

    const text = Buffer.from('not a picture at all\n'.repeat(10));
    const bad = await replace(imageForm([{ bytes: four[0] }, { bytes: text, name: 'photo.png', type: 'image/png' }]));
    expect([400, 415]).toContain(bad.status);
    expect(await ids()).toEqual(before); // nothing removed

    // Four images, two replaced: room is counted after the removals, in the same transaction.
    const after = bodyOf(await replace(imageForm([{ bytes: four[0] }, { bytes: four[1] }])), 201).images;
    expect(after).toHaveLength(4);
    expect(after.slice(0, 2).map((i) => i.id)).toEqual(before.slice(2));
    expect(after.map((i) => i.id)).not.toContain(a.id);
    expect((await fetch(`${base}${a.url}`)).status).toBe(404);
    // A retry after a lost answer: the removed ones are skipped, and the room left decides.
    const retry = await replace(imageForm([{ bytes: four[2] }]));
    expect(retry.status).toBe(400);
    expect(retry.body).toMatchObject({ error: 'too_many_images' });
    expect(await ids()).toEqual(after.map((i) => i.id));
    // an id list outside the contract's pattern: sent as is
    expect((await http('POST', `${base}/api/products/${product.id}/images?remove=x`, { token: seller.token, body: imageForm([{ bytes: four[0] }]) })).status).toBe(400);
  });

  it('reorders images, deletes one with its files, and removes all files with the product', async () => {
    const product = await createProduct(stack, seller);
    const res = await upload(product.id, seller, imageForm(await Promise.all([png(30, 30, '#111'), png(30, 30, '#222'), png(30, 30, '#333')]).then((b) => b.map((bytes) => ({ bytes })))));
    const [a, b, c] = bodyOf(res).images as [ProductImage, ProductImage, ProductImage];
    const fileOf = (url: string) => url.replace('/images/', '');

    const reorder = (imageOrder: number[]) => send(stack, seller, productsApi.update, { params: { id: product.id }, body: { imageOrder } });
    expect(bodyOf(await reorder([c.id, a.id, b.id])).images.map((i) => i.id)).toEqual([c.id, a.id, b.id]);
    expect((await reorder([c.id, a.id])).status).toBe(400);

    expect((await deleteImage(otherSeller, product.id, a.id)).status).toBe(403);
    expect(bodyOf(await deleteImage(seller, product.id, a.id)).images.map((i) => i.id)).toEqual([c.id, b.id]);
    expect((await fetch(`${base}${a.url}`)).status).toBe(404);
    const files = await storedFiles();
    expect(files).not.toContain(fileOf(a.url));
    expect(files).not.toContain(fileOf(a.thumbnailUrl));
    expect(files).toContain(fileOf(b.url));
    expect((await deleteImage(seller, product.id, a.id)).status).toBe(404);

    expect((await send(stack, seller, productsApi.delete, { params: { id: product.id } })).status).toBe(204);
    const left = await storedFiles();
    for (const img of [b, c]) {
      expect(left).not.toContain(fileOf(img.url));
      expect(left).not.toContain(fileOf(img.thumbnailUrl));
    }
  });

  it('serves only names the server could have made', async () => {
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', 'abc.png', `${'a'.repeat(32)}.svg`, `${'A'.repeat(32)}.png`]) {
      const res = await fetch(`${base}/images/${name}`);
      expect([400, 404], name).toContain(res.status);
    }
    expect((await fetch(`${base}/images/${'0'.repeat(32)}.png`)).status).toBe(404);
  });
});
