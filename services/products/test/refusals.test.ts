import { describe, expect, it } from 'vitest';
import { DETAIL_CODES, MAX_IMAGE_BYTES, PERSON_ERROR_CODES, productsApi, type ErrorBody } from '@marketshare/contracts';
import { http, send, type Caller } from '@marketshare/test-env';
import { createProduct, imageForm, png, productBodyAsIs, catalogStackOfFile } from './fixtures.js';

// Every refusal a catalog.seller's or buyer's page can get from the products service carries a stable code, and the params
// a page needs to word it in the person's language: the `message` is English for people reading the API, and the
// web app never shows it (issue: raw English validator text in the Spanish UI).

const catalog = catalogStackOfFile();

const upload = (id: number, who: Caller, body: FormData) => send(catalog.stack, who, productsApi.uploadImages, { params: { id }, body });
/** A whole-product save as the web app's form sends it. */
function saveForm(product: unknown, files: FormData = new FormData()): FormData {
  files.set('product', JSON.stringify(product));
  return files;
}
const save = (id: number, who: Caller, body: FormData) => send(catalog.stack, who, productsApi.replace, { params: { id }, body });

/** The keywords of JSON Schema that name a refused field (the schemas' own codes). */
const SCHEMA_KEYWORDS = ['required', 'format', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'type', 'enum', 'additionalProperties', 'maxItems', 'minProperties', 'maxProperties', 'uniqueItems'];

/** Every refusal is worded from codes a client knows: its own, and each of its details'. */
function expectCoded(body: Partial<ErrorBody>) {
  expect(PERSON_ERROR_CODES as readonly string[], JSON.stringify(body)).toContain(body.error);
  for (const d of body.details ?? []) expect([...SCHEMA_KEYWORDS, ...DETAIL_CODES], JSON.stringify(d)).toContain(d.code);
}

describe('refusals a page can meet carry codes and params', () => {
  it('a product that is gone or is not the seller\'s, and a session that ended', async () => {
    const product = await createProduct(catalog.stack, catalog.seller);
    const notMine = await send(catalog.stack, catalog.otherSeller, productsApi.update, { params: { id: product.id }, body: { stock: 1 } });
    expect([notMine.status, notMine.body.error]).toEqual([403, 'not_owner']);
    expectCoded(notMine.body);

    expect((await send(catalog.stack, catalog.seller, productsApi.delete, { params: { id: product.id } })).status).toBe(204);
    for (const gone of [
      await send(catalog.stack, null, productsApi.get, { params: { id: product.id } }),
      await send(catalog.stack, catalog.seller, productsApi.update, { params: { id: product.id }, body: { stock: 1 } }),
      await upload(product.id, catalog.seller, imageForm([{ bytes: await png() }])),
      await save(product.id, catalog.seller, saveForm({ ...productBodyAsIs({}), images: [] })),
    ]) {
      expect([gone.status, gone.body.error]).toEqual([404, 'product_not_found']);
    }
    const image = await send(catalog.stack, catalog.seller, productsApi.deleteImage, { params: { id: (await createProduct(catalog.stack, catalog.seller)).id, imageId: 2147483647 } });
    expect([image.status, image.body.error]).toEqual([404, 'image_not_found']);
    // the English message stays beside the code, for people reading the API
    const asIs = await http('PATCH', `${catalog.base}/api/products/2147483647`, { token: catalog.seller.token, json: { stock: 1 } });
    expect(asIs.body).toMatchObject({ error: 'product_not_found', message: 'Product not found' });
    const signedOut = await send(catalog.stack, null, productsApi.create, { body: productBodyAsIs({}) as never });
    expect([signedOut.status, signedOut.body.error]).toEqual([401, 'unauthorized']);
  });

  it('fields the schemas or the catalog rules refuse, each detail with its code', async () => {
    const product = await createProduct(catalog.stack, catalog.seller);
    const cases: [string, Promise<{ status: number; body: Partial<ErrorBody> }>, object[]][] = [
      ['no features', send(catalog.stack, catalog.seller, productsApi.create, { body: productBodyAsIs({ features: { text: ' ', rows: [] } }) as never }), [{ field: 'features', code: 'features_required' }]],
      ['a name too long', send(catalog.stack, catalog.seller, productsApi.create, { body: productBodyAsIs({ name: 'x'.repeat(121) }) as never }), [{ field: 'name', code: 'maxLength', params: { limit: 120 } }]],
      ['a bad reorder', send(catalog.stack, catalog.seller, productsApi.update, { params: { id: product.id }, body: { imageOrder: [1] } }), [{ field: 'imageOrder', code: 'image_order' }]],
      ['a price range upside down', send(catalog.stack, null, productsApi.list, { query: { minPrice: 10, maxPrice: 5 } }), [{ field: 'minPrice', code: 'price_range' }]],
      ['images that name a file not sent', save(product.id, catalog.seller, saveForm({ ...productBodyAsIs({}), images: [{ file: 0 }] })), [{ field: 'images', code: 'image_slots' }]],
      ['a whole save without its fields', save(product.id, catalog.seller, imageForm([{ bytes: await png() }])), [{ field: 'product', code: 'required' }]],
      ['a part of another name', upload(product.id, catalog.seller, imageForm([{ bytes: await png(), field: 'image' }])), [{ field: 'image', code: 'unexpected_part' }]],
    ];
    for (const [what, answer, details] of cases) {
      const res = await answer;
      expect(res.status, what).toBe(400);
      expect(res.body.error, what).toBe('validation_failed');
      expect(res.body.details, what).toMatchObject(details);
      expectCoded(res.body);
    }
  });

  it('files that are no image we keep, too large, or too many: the code, and the same on the file\'s detail', async () => {
    const product = await createProduct(catalog.stack, catalog.seller);
    const text = Buffer.from('just some text, honestly not a picture\n'.repeat(20));
    const brokenPng = Buffer.concat([(await png()).subarray(0, 16), Buffer.alloc(64)]);
    const big = Buffer.concat([await png(), Buffer.alloc(MAX_IMAGE_BYTES + 10)]);
    const five = await Promise.all(['#f00', '#0f0', '#00f', '#ff0', '#0ff'].map((c) => png(20, 20, c)));
    const cases: [string, FormData, number, string, Record<string, number>?][] = [
      ['a text file named .png', imageForm([{ bytes: text }]), 415, 'unsupported_media_type'],
      ['a PNG header on nothing', imageForm([{ bytes: brokenPng }]), 400, 'invalid_image'],
      ['a file over 5 MB', imageForm([{ bytes: big }]), 413, 'image_too_large', { limit: MAX_IMAGE_BYTES }],
      ['five images', imageForm(five.map((bytes) => ({ bytes }))), 400, 'too_many_images', { limit: 4, left: 4 }],
    ];
    for (const [what, form, status, code, params] of cases) {
      for (const [how, res] of [
        ['upload', await upload(product.id, catalog.seller, form)],
        ['whole save', await save(product.id, catalog.seller, saveForm({ ...productBodyAsIs({}), images: [] }, form))],
      ] as const) {
        expect([res.status, res.body.error], `${what}, ${how}`).toEqual([status, code]);
        expect(res.body.details, `${what}, ${how}`).toMatchObject([{ field: 'file', code, ...(params && { params }) }]);
        if (params) expect(res.body.params, `${what}, ${how}`).toEqual(params);
        expectCoded(res.body);
      }
    }
  });
});
