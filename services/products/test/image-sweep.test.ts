import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { productsApi, type Product } from '@marketshare/contracts';
import { bodyOf, eventually, send, sleep } from '@marketshare/test-env';
import { schema } from '../src/db/schema.js';
import { ImageStore } from '../src/images/image-store.js';
import { STAGED_FILE_MIN_AGE_MS, sweepStagedImages } from '../src/images/staged-sweep.js';
import { withStagedImages } from '../src/routes/uploads.js';
import { catalogStackOfFile, createProduct, imageForm, png } from './fixtures.js';

// Image files a save staged and never committed (the process died between writing them and its commit) are removed
// by a sweep once they are old enough, and never a file an image row points to, however old (issue: "staged image
// files never outlive a crash"). Against the service's own image directory and database.

const catalog = catalogStackOfFile();
let pool: pg.Pool | undefined;
afterAll(() => pool?.end());
const db = () => drizzle((pool ??= new pg.Pool({ connectionString: catalog.stack.env.PRODUCTS_DATABASE_URL, max: 2 })), { schema });
const store = () => new ImageStore(catalog.stack.env.IMAGES_DIR);
const storedFiles = async () => new Set(await readdir(catalog.stack.env.IMAGES_DIR));
const HOUR = 60 * 60_000;

/** Sets when files were written, `ms` ago. */
async function age(names: string[], ms: number) {
  const when = new Date(Date.now() - ms);
  await Promise.all(names.map((n) => utimes(join(catalog.stack.env.IMAGES_DIR, n), when, when)));
}
/** What a save leaves when its process dies after writing an image and before committing: the files, no row. */
async function stagedByACrash(colour: string): Promise<string[]> {
  const images = store();
  const { file, thumbnailFile } = await images.write(await images.prepare(await png(16, 16, colour)));
  return [file, thumbnailFile];
}
/** A product with one image, whose files are a day old. */
async function productWithOldImage(): Promise<{ product: Product; files: string[] }> {
  const { id } = await createProduct(catalog.stack, catalog.seller);
  const product = bodyOf(await send(catalog.stack, catalog.seller, productsApi.uploadImages, { params: { id }, body: imageForm([{ bytes: await png(16, 16, '#123456') }]) }), 201);
  const files = product.images.flatMap((i) => [i.url, i.thumbnailUrl].map((u) => u.replace('/images/', '')));
  await age(files, 24 * HOUR);
  return { product, files };
}

describe('the sweep of staged image files', () => {
  it('removes files no row points to once they are old enough, and never a file a row points to, however old', async () => {
    const { product, files: committed } = await productWithOldImage();
    const old = await stagedByACrash('#ff0000');
    await age(old, STAGED_FILE_MIN_AGE_MS + 60_000);
    const recent = await stagedByACrash('#00ff00');
    await age(recent, STAGED_FILE_MIN_AGE_MS - 60_000); // not yet old enough to be sure no save will commit it
    const notOurs = 'notes.txt';
    await writeFile(join(catalog.stack.env.IMAGES_DIR, notOurs), 'not an image file of ours');
    await age([notOurs], 24 * HOUR);

    const pass = await sweepStagedImages(db(), store());
    const left = await storedFiles();
    expect(old.filter((f) => left.has(f))).toEqual([]);
    expect([...committed, ...recent, notOurs].filter((f) => !left.has(f))).toEqual([]);
    expect(pass.removed).toBe(2);
    for (const image of product.images) expect((await fetch(`${catalog.base}${image.url}`)).status).toBe(200);
  });

  it('removes at most so many files a pass; the next pass goes on', async () => {
    const crashed = [...(await stagedByACrash('#0000ff')), ...(await stagedByACrash('#ffff00'))];
    await age(crashed, 2 * HOUR);
    const passes = [];
    for (let i = 0; i < 3; i++) passes.push((await sweepStagedImages(db(), store(), { maxRemovals: 3, batch: 2 })).removed);
    expect(passes).toEqual([3, 1, 0]);
    const left = await storedFiles();
    expect(crashed.filter((f) => left.has(f))).toEqual([]);
  });

  it('runs when the service starts', async () => {
    const { files: committed } = await productWithOldImage();
    const crashed = await stagedByACrash('#ff00ff');
    await age(crashed, 2 * HOUR);
    await catalog.stack.stopService('products');
    await catalog.stack.startService('products');
    const left = await eventually(storedFiles, (names) => crashed.every((f) => !names.has(f)));
    expect(crashed.filter((f) => left.has(f))).toEqual([]);
    expect(committed.filter((f) => !left.has(f))).toEqual([]);
  });

  it('is never racing a save: a save that reaches its commit too late gives up, and removes its own files', async () => {
    const { id } = await createProduct(catalog.stack, catalog.seller);
    const before = await storedFiles();
    const images = store();
    const prepared = [await images.prepare(await png(16, 16, '#abcdef'))];
    const late = withStagedImages(images, db(), prepared, async (tx, written) => {
      await tx.insert(schema.productImages).values(written.map((w) => ({ productId: id, position: 0, ...w })));
      await sleep(20); // past a deadline of 10 ms, as a save stalled for ten minutes would be past the real one
    }, 10);
    await expect(late).rejects.toMatchObject({ statusCode: 503, code: 'unavailable' });
    expect(bodyOf(await send(catalog.stack, null, productsApi.get, { params: { id } })).images).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });
});
