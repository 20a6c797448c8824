import { readdir } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import sharp from 'sharp';
import { productsApi, type CreateProductBody, type ImageSlot, type Product, type ReplaceProductFields } from '@marketshare/contracts';
import { bodyOf, createAccount, http, send, type Caller } from '@marketshare/test-env';
import { createProduct, imageForm, png, productBody, catalogStackOfFile } from './fixtures.js';

// A product saved whole: an edit (PUT /api/products/:id) or a new product (POST /api/products as a multipart form),
// the fields and the images in one transaction, the new files staged until it commits and removed when it does not,
// so a save is all or nothing and the same form sent again leaves one result (issue: "Editing a product… a save is
// all or nothing and safe to retry").

const catalog = catalogStackOfFile();

const storedFiles = async () => (await readdir(catalog.stack.env.IMAGES_DIR)).sort();
const productNow = async (id: number) => bodyOf(await send(catalog.stack, null, productsApi.get, { params: { id } }));
/** The colour of an image as the catalog serves it (each test image is of one colour), to tell pictures apart whatever their ids. */
async function colourOf(url: string): Promise<string> {
  const bytes = Buffer.from(await (await fetch(`${catalog.base}${url}`)).arrayBuffer());
  const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return `#${[...data.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
const coloursOf = async (p: Product) => Promise.all(p.images.map((i) => colourOf(i.url)));

/** The form the web app sends: the fields as JSON in `product`, the new files as `file` parts in order. */
function wholeForm(fields: CreateProductBody | ReplaceProductFields, files: { bytes: Buffer; type?: string }[] = []): FormData {
  const form = imageForm(files);
  form.append('product', JSON.stringify(fields));
  return form;
}
const save = (id: number, who: Caller, form: FormData) => send(catalog.stack, who, productsApi.replace, { params: { id }, body: form });

/** A product with images of these colours, in this order. */
async function productWith(colours: string[]) {
  const product = await createProduct(catalog.stack, catalog.seller);
  const files = await Promise.all(colours.map((c) => png(24, 24, c)));
  return bodyOf(await send(catalog.stack, catalog.seller, productsApi.uploadImages, { params: { id: product.id }, body: imageForm(files.map((bytes) => ({ bytes }))) }), 201);
}

describe('saving a product whole', () => {
  it('changes the fields and the images together: kept, removed, added and ordered as the form lists them', async () => {
    const before = await productWith(['#ff0000', '#00ff00', '#0000ff']);
    const [red, green, blue] = before.images;
    const images: ImageSlot[] = [{ file: 0 }, { id: blue!.id }, { id: red!.id }];
    const saved = bodyOf(await save(before.id, catalog.seller, wholeForm({ ...productBody({ name: 'Renamed', stock: 3 }), images }, [{ bytes: await png(24, 24, '#ffffff') }])));
    expect(saved).toMatchObject({ name: 'Renamed', stock: 3 });
    expect(saved.images.slice(1).map((i) => i.id)).toEqual([blue!.id, red!.id]);
    expect(await coloursOf(await productNow(before.id))).toEqual(['#ffffff', '#0000ff', '#ff0000']);
    // the image left out is gone, file and thumbnail
    expect((await fetch(`${catalog.base}${green!.url}`)).status).toBe(404);
    expect((await fetch(`${catalog.base}${green!.thumbnailUrl}`)).status).toBe(404);
  });

  it('changes nothing when a file is no image, then saves the same form once it is fixed', async () => {
    const before = await productWith(['#ff0000', '#00ff00']);
    const filesBefore = await storedFiles();
    const fields = { ...productBody({ name: 'Half saved?', price: 999 }), images: [{ file: 0 }, { file: 1 }, { id: before.images[1]!.id }] };
    const text = Buffer.from('just some text, honestly not a picture\n'.repeat(20));
    const bad = await save(before.id, catalog.seller, wholeForm(fields, [{ bytes: await png(24, 24, '#ffffff') }, { bytes: text }]));
    expect([bad.status, bad.body.error]).toEqual([415, 'unsupported_media_type']);
    expect(await productNow(before.id)).toEqual(before); // neither the text nor the images
    expect(await storedFiles()).toEqual(filesBefore); // and no file left behind

    const good = bodyOf(await save(before.id, catalog.seller, wholeForm(fields, [{ bytes: await png(24, 24, '#ffffff') }, { bytes: await png(24, 24, '#000000') }])));
    expect(good).toMatchObject({ name: 'Half saved?', price: 999 });
    expect(await coloursOf(good)).toEqual(['#ffffff', '#000000', '#00ff00']);
  });

  it('changes nothing when the store refuses a field inside the transaction, and leaves no staged file', async () => {
    const before = await productWith(['#ff0000', '#00ff00']);
    const filesBefore = await storedFiles();
    // the schema takes a NUL character; PostgreSQL refuses it only when the row is written, after the files were
    const fields = { ...productBody({ name: 'Nul\u0000name' }), images: [{ file: 0 }] };
    const refused = await save(before.id, catalog.seller, wholeForm(fields, [{ bytes: await png(24, 24, '#ffffff') }]));
    expect([refused.status, refused.body.error]).toEqual([400, 'invalid_input']);
    expect(await productNow(before.id)).toEqual(before); // the images it would have removed are still there
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('leaves one result when the same form is sent twice (a retry after a lost answer)', async () => {
    const before = await productWith(['#ff0000', '#00ff00']);
    const fields = { ...productBody({ name: 'Sent twice' }), images: [{ id: before.images[0]!.id }, { file: 0 }] };
    const form = async () => wholeForm(fields, [{ bytes: await png(24, 24, '#ffffff') }]);
    const first = bodyOf(await save(before.id, catalog.seller, await form()));
    const filesAfterFirst = (await storedFiles()).length;
    expect(await coloursOf(first)).toEqual(['#ff0000', '#ffffff']);
    const second = bodyOf(await save(before.id, catalog.seller, await form()));
    expect(second).toMatchObject({ name: 'Sent twice' });
    expect(await coloursOf(second)).toEqual(['#ff0000', '#ffffff']);
    // the first save's copy of the new image went with the second's: one result, not two
    expect((await fetch(`${catalog.base}${first.images[1]!.url}`)).status).toBe(404);
    expect((await storedFiles()).length).toBe(filesAfterFirst);
  });

  it('skips images the product no longer has, so a form opened before another change still saves', async () => {
    const before = await productWith(['#ff0000', '#00ff00']);
    const [red, green] = before.images;
    bodyOf(await send(catalog.stack, catalog.seller, productsApi.deleteImage, { params: { id: before.id, imageId: green!.id } }));
    const saved = bodyOf(await save(before.id, catalog.seller, wholeForm({ ...productBody(), images: [{ id: green!.id }, { id: red!.id }] })));
    expect(saved.images.map((i) => i.id)).toEqual([red!.id]);
  });

  it('is its seller\'s only, and fills in what a new product gets for fields left out', async () => {
    const product = await createProduct(catalog.stack, catalog.seller, { discount: 15, colors: ['rojo'] });
    const theirs = await save(product.id, catalog.otherSeller, wholeForm({ ...productBody({ name: 'Taken over' }), images: [] }));
    expect([theirs.status, theirs.body.error]).toEqual([403, 'not_owner']);
    expect((await productNow(product.id)).name).toBe(product.name);

    const { name, description, category, price, stock, features } = productBody();
    const saved = bodyOf(await save(product.id, catalog.seller, wholeForm({ name, description, category, price, stock, features, images: [] })));
    expect(saved).toMatchObject({ discount: 0, colors: [], state: 'NUEVO', specialFeatures: [] });
  });
});

describe('publishing a new product whole', () => {
  // What the products database holds for a seller, published or not: a refused request must leave no row at all.
  let pool: pg.Pool | undefined;
  afterAll(() => pool?.end());
  const rowsOf = async (sellerId: number) => {
    pool ??= new pg.Pool({ connectionString: catalog.stack.env.PRODUCTS_DATABASE_URL, max: 2 });
    const { rows } = await pool.query<{ id: number }>('SELECT id FROM products WHERE seller_id = $1 ORDER BY id', [sellerId]);
    return rows.map((r) => r.id);
  };
  /** A seller of their own, so the rows counted are this test's only. */
  const newSeller = () => createAccount(catalog.stack, 'seller');
  const publish = (who: Caller, body: FormData | CreateProductBody, key?: string) =>
    send(catalog.stack, who, productsApi.create, { body, headers: key ? { 'idempotency-key': key } : {} });
  const text = Buffer.from('just some text, honestly not a picture\n'.repeat(20));

  it('publishes the fields and the images, in the order sent, in one request', async () => {
    const seller = await newSeller();
    const form = wholeForm(productBody({ name: 'Published whole' }), [{ bytes: await png(24, 24, '#0000ff') }, { bytes: await png(24, 24, '#ff0000') }]);
    const created = bodyOf(await publish(seller, form), 201);
    expect(created).toMatchObject({ name: 'Published whole', sellerId: seller.id });
    expect(await coloursOf(await productNow(created.id))).toEqual(['#0000ff', '#ff0000']);
    expect(await rowsOf(seller.id)).toEqual([created.id]);
  });

  it('publishes nothing, no row and no file, when one of the files is no image; the fixed form then publishes once', async () => {
    const seller = await newSeller();
    const filesBefore = await storedFiles();
    const fields = productBody({ name: 'Not half published' });
    const bad = await publish(seller, wholeForm(fields, [{ bytes: await png(24, 24, '#ffffff') }, { bytes: text }]), 'form-1');
    expect([bad.status, bad.body.error]).toEqual([415, 'unsupported_media_type']);
    expect(await rowsOf(seller.id)).toEqual([]);
    expect(await storedFiles()).toEqual(filesBefore);

    // the same form, its key too, once the file is fixed: nothing was kept of the first try, so this one publishes
    const good = bodyOf(await publish(seller, wholeForm(fields, [{ bytes: await png(24, 24, '#ffffff') }, { bytes: await png(24, 24, '#000000') }]), 'form-1'), 201);
    expect(await coloursOf(good)).toEqual(['#ffffff', '#000000']);
    expect(await rowsOf(seller.id)).toEqual([good.id]);
  });

  it('publishes nothing when the store refuses a field inside the transaction, and leaves no staged file', async () => {
    const seller = await newSeller();
    const filesBefore = await storedFiles();
    // the schema takes a NUL character; PostgreSQL refuses it only when the row is written, after the files were
    const refused = await publish(seller, wholeForm(productBody({ name: 'Nul\u0000name' }), [{ bytes: await png(24, 24, '#ffffff') }]));
    expect([refused.status, refused.body.error]).toEqual([400, 'invalid_input']);
    expect(await rowsOf(seller.id)).toEqual([]);
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('publishes one product for the same Idempotency-Key sent twice, one after the other or at once', async () => {
    const seller = await newSeller();
    const form = async () => wholeForm(productBody({ name: 'Sent twice' }), [{ bytes: await png(24, 24, '#00ff00') }]);
    const first = await publish(seller, await form(), 'double-submit');
    const filesAfterFirst = await storedFiles();
    const again = await publish(seller, await form(), 'double-submit');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    expect(await storedFiles()).toEqual(filesAfterFirst); // the second request's staged copy went

    const together = await Promise.all([1, 2].map(async () => publish(seller, await form(), 'at-once')));
    expect(together.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(together[0]!.body.id).toBe(together[1]!.body.id);
    expect(await rowsOf(seller.id)).toEqual([first.body.id, together[0]!.body.id]);
    expect((await storedFiles()).length).toBe(filesAfterFirst.length + 2); // one picture and its thumbnail
  });

  it('refuses a key sent again with another product (422), and keeps keys apart per seller', async () => {
    const [seller, other] = [await newSeller(), await newSeller()];
    const first = bodyOf(await publish(seller, wholeForm(productBody({ name: 'First' }), [{ bytes: await png(24, 24, '#00ff00') }]), 'k1'), 201);
    const otherImage = await publish(seller, wholeForm(productBody({ name: 'First' }), [{ bytes: await png(24, 24, '#ff00ff') }]), 'k1');
    const otherPrice = await publish(seller, productBody({ name: 'First', price: 1 }), 'k1');
    expect([otherImage.status, otherImage.body.error, otherPrice.status, otherPrice.body.error]).toEqual([422, 'idempotency_key_reused', 422, 'idempotency_key_reused']);
    expect(await rowsOf(seller.id)).toEqual([first.id]);
    // another seller's key of the same name is theirs
    const theirs = bodyOf(await publish(other, wholeForm(productBody({ name: 'First' }), [{ bytes: await png(24, 24, '#00ff00') }]), 'k1'), 201);
    expect(await rowsOf(other.id)).toEqual([theirs.id]);
  });

  it('still takes the product as JSON, with its key as well, and refuses any other body', async () => {
    const seller = await newSeller();
    const [first, again] = [await publish(seller, productBody({ name: 'As JSON' }), 'json-1'), await publish(seller, productBody({ name: 'As JSON' }), 'json-1')];
    expect([first.status, again.status, again.body.id]).toEqual([201, 200, first.body.id]);
    expect(first.body).toMatchObject({ name: 'As JSON', images: [] });
    const plain = await http('POST', `${catalog.base}/api/products`, {
      token: seller.token,
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(productBody()),
    });
    expect([plain.status, plain.body]).toMatchObject([415, { error: 'unsupported_media_type' }]);
    expect(await rowsOf(seller.id)).toEqual([first.body.id]);
  });
});
