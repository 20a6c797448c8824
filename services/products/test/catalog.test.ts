import { productsApi, type CatalogQuery, type CreateProductBody, type UpdateProductBody } from '@marketshare/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, createAccount, http, send, type Caller, type Stack, type TestAccount } from '@marketshare/test-env';
import { createProduct, productBody, productBodyAsIs, startCatalogStack } from './fixtures.js';

let stack: Stack;
let base: string;
let seller: TestAccount;
let otherSeller: TestAccount;
let consumer: TestAccount;
let ordersToken: string;

beforeAll(async () => {
  ({ stack, base, seller, otherSeller, consumer, ordersToken } = await startCatalogStack());
});
afterAll(async () => {
  await stack?.stop();
});

const ids = (body: { items: { id: number }[] }) => body.items.map((p) => p.id);
const create = (who: Caller, body: CreateProductBody = productBody()) => send(stack, who, productsApi.create, { body });
const update = (who: Caller, id: number, body: UpdateProductBody) => send(stack, who, productsApi.update, { params: { id }, body });
const remove = (who: Caller, id: number) => send(stack, who, productsApi.delete, { params: { id } });
const get = (id: number) => send(stack, null, productsApi.get, { params: { id } });
const getInternal = (who: Caller, id: number) => send(stack, who, productsApi.internalProduct, { params: { id } });
const catalog = (query: CatalogQuery = {}) => send(stack, null, productsApi.list, { query });
/** A request as a client may send it, outside the contract: bodies, queries and ids the API refuses. */
const sentAsIs = (method: string, path: string, opts: Parameters<typeof http>[2] = {}) => http(method, `${base}${path}`, opts);

describe('who may change the catalog', () => {
  it('lets a seller create a product with real arrays and objects, and nobody else', async () => {
    const created = await create(seller);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...productBody(),
      sellerId: seller.id,
      images: [],
      rating: { average: 0, count: 0 },
      published: true,
    });
    expect(bodyOf(created).features.rows).toEqual([{ feature: 'Potencia', value: '750 W' }]);
    expect(Date.parse(created.body.publishedAt)).not.toBeNaN();

    expect((await create(consumer)).status).toBe(403);
    expect((await create(null)).status).toBe(401);
    expect((await create(ordersToken)).status).toBe(403);
    expect((await create('not.a.jwt')).status).toBe(401);
  });

  it('lets only the owner change or delete, and keeps a deleted product for orders', async () => {
    const { id } = await createProduct(stack, seller);
    for (const who of [otherSeller, consumer]) {
      expect((await update(who, id, { price: 1 })).status).toBe(403);
      expect((await remove(who, id)).status).toBe(403);
    }
    expect((await update(null, id, { price: 1 })).status).toBe(401);
    expect((await remove(null, id)).status).toBe(401);
    expect(bodyOf(await get(id)).price).toBe(125_000);

    const changed = await update(seller, id, { price: 99_000, discount: 0, features: { rows: [{ feature: 'Peso', value: '2 kg' }] } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ price: 99_000, discount: 0, name: 'Taladro percutor 750W', features: { text: '', rows: [{ feature: 'Peso', value: '2 kg' }] } });

    expect((await remove(seller, id)).status).toBe(204);
    expect((await get(id)).status).toBe(404);
    expect((await update(seller, id, { price: 5 })).status).toBe(404);
    expect((await remove(seller, id)).status).toBe(404);
    expect(ids(bodyOf(await catalog({ sellerId: seller.id, pageSize: 100 })))).not.toContain(id);

    // Orders that name it keep working through the internal read, with a service token only.
    const internal = await getInternal(ordersToken, id);
    expect(internal.status).toBe(200);
    expect(internal.body).toMatchObject({ id, published: false, price: 99_000 });
    expect((await getInternal(seller, id)).status).toBe(403);
    expect((await getInternal(null, id)).status).toBe(401);
  });
});

describe('malformed input', () => {
  const long = (n: number) => 'x'.repeat(n);
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ feature: `f${i}`, value: 'v' }));
  const badBodies: [string, Record<string, unknown>, string][] = [
    ['negative price', { price: -5 }, 'price'],
    ['zero price', { price: 0 }, 'price'],
    ['price as text', { price: '100' }, 'price'],
    ['price beyond the cap', { price: 1e12 }, 'price'],
    ['fractional stock', { stock: 1.5 }, 'stock'],
    ['negative stock', { stock: -1 }, 'stock'],
    ['unknown category', { category: 'juguetes' }, 'category'],
    ['unknown state', { state: 'ROTO' }, 'state'],
    ['unknown colour', { colors: ['fucsia'] }, 'colors.0'],
    ['unknown special feature', { specialFeatures: ['cuotas_sin_interes'] }, 'specialFeatures.0'],
    ['discount over 70', { discount: 71 }, 'discount'],
    ['16 feature rows', { features: { rows: rows(16) } }, 'features.rows'],
    ['neither features text nor rows', { features: { text: '  ', rows: [] } }, 'features'],
    ['oversized name', { name: long(121) }, 'name'],
    ['blank name', { name: '   ' }, 'name'],
    ['oversized description', { description: long(2001) }, 'description'],
    ['oversized features text', { features: { text: long(5001) } }, 'features.text'],
    ['oversized feature value', { features: { rows: [{ feature: 'a', value: long(201) }] } }, 'features.rows.0.value'],
    ['a field the API does not have', { sellerId: 1 }, 'sellerId'],
  ];

  it.each(badBodies)('refuses %s with a 400 naming the field, and stores nothing', async (_what, change, field) => {
    const count = async () => bodyOf(await catalog({ sellerId: otherSeller.id })).total;
    const before = await count();
    const res = await sentAsIs('POST', '/api/products', { token: otherSeller.token, json: productBodyAsIs(change) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('refuses bad changes the same way, leaving the product as it was', async () => {
    const { id } = await createProduct(stack, otherSeller);
    const patch = (opts: Parameters<typeof http>[2]) => sentAsIs('PATCH', `/api/products/${id}`, { token: otherSeller.token, ...opts });
    for (const [, change, field] of badBodies.filter(([w]) => w !== 'a field the API does not have')) {
      const res = await patch({ json: change });
      expect(res.status, JSON.stringify(change).slice(0, 80)).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await update(otherSeller, id, {})).status).toBe(400);
    const order = await update(otherSeller, id, { imageOrder: [12345] });
    expect(order.status).toBe(400);
    expect(order.body.details?.[0]?.field).toBe('imageOrder');
    const broken = await patch({ body: '{"price": 5', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect((await get(id)).body).toMatchObject({ price: 125_000, stock: 8, name: 'Taladro percutor 750W' });
  });

  it.each([
    ['pageSize=1000', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=-1', 'page'],
    ['page=abc', 'page'],
    ['sellerId=abc', 'sellerId'],
    ['sellerId=99999999999', 'sellerId'],
    ['category=juguetes', 'category'],
    ['state=ROTO', 'state'],
    ['minPrice=-1', 'minPrice'],
    ['minPrice=1.5', 'minPrice'],
    ['minPrice=500&maxPrice=100', 'minPrice'],
    ['sort=cheapest', 'sort'],
    [`q=${'a'.repeat(201)}`, 'q'],
    ['color=rojo', 'color'],
  ])('refuses the query %s with a 400 naming %s', async (query, field) => {
    const res = await sentAsIs('GET', `/api/products?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('refuses junk ids with a 400 and unknown ones with a 404', async () => {
    for (const id of ['abc', '1.5', '-3', '99999999999', '1%20OR%201=1']) {
      const res = await sentAsIs('GET', `/api/products/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.body.details[0].field).toBe('id');
    }
    expect((await get(2147483647)).status).toBe(404);
  });

  it('treats SQL-looking search text as words to look for', async () => {
    for (const q of ["'; DROP TABLE products; --", "1' OR '1'='1", '") OR 1=1 --', ':* & | !', '\\', '%_']) {
      expect(bodyOf(await catalog({ q })).total, q).toBe(0);
    }
    expect(bodyOf(await catalog()).total).toBeGreaterThan(0);
  });

  it('answers 400, not 500, to text the database cannot store (a NUL character)', async () => {
    expect((await catalog({ q: 'taladro\u0000' })).status).toBe(400);
    expect((await create(seller, productBody({ name: 'Nul\u0000name' }))).status).toBe(400);
  });
});

describe('catalog reads', () => {
  let shop: TestAccount;
  const made: Record<string, number> = {};

  beforeAll(async () => {
    shop = await createAccount(stack, 'seller');
    const specs: [string, Partial<CreateProductBody>][] = [
      ['parlante', { name: 'Parlante Bluetooth Electrónico', category: 'audio', price: 50_000, discount: 0, state: 'NUEVO' }],
      ['auriculares', { name: 'Auriculares inalámbricos', category: 'audio', price: 30_000, discount: 50, state: 'USADO', description: 'Cancelación de ruido' }],
      ['notebook', { name: 'Notebook 14 pulgadas', category: 'informatica', price: 900_000, discount: 0, state: 'NUEVO', features: { rows: [{ feature: 'Memoria', value: 'dieciséis gigas' }] } }],
      ['silla', { name: 'Silla ergonómica', category: 'oficinas', price: 200_000, discount: 20, state: 'USADO' }],
      ['monitor', { name: 'Monitor 27', category: 'informatica', price: 400_000, discount: 0, state: 'NUEVO' }],
    ];
    for (const [key, spec] of specs) made[key] = (await createProduct(stack, shop, spec)).id;
    // Ratings arrive from the orders service.
    const rate = (productId: number, reviewId: number, rating: number) =>
      send(stack, ordersToken, productsApi.recordRating, { body: { productId, reviewId, rating } });
    await rate(made.silla, 9001, 5);
    await rate(made.silla, 9002, 4.5);
    await rate(made.monitor, 9003, 3);
    await rate(made.parlante, 9004, 1);
  });

  const list = async (query: CatalogQuery = {}) => bodyOf(await catalog({ sellerId: shop.id, ...query }));

  it('finds by a word of the name, ignoring accents and case, and by prefixes and features', async () => {
    for (const q of ['electronico', 'ELECTRÓNICO', 'electrónico', 'parlante bluetooth', 'parla']) {
      expect(ids(await list({ q })), q).toEqual([made.parlante]);
    }
    expect(ids(await list({ q: 'ergonomica' }))).toEqual([made.silla]);
    expect(ids(await list({ q: 'cancelacion' }))).toEqual([made.auriculares]); // description
    expect(ids(await list({ q: 'dieciseis' }))).toEqual([made.notebook]); // a feature row
    expect(ids(await list({ q: 'heladera' }))).toEqual([]);
    expect(ids(bodyOf(await catalog({ q: 'electronico' })))).toEqual([made.parlante]);
  });

  it('filters by category, seller, state and the discounted price', async () => {
    expect(ids(await list({ category: 'audio' })).sort()).toEqual([made.parlante, made.auriculares].sort());
    expect(ids(await list({ state: 'USADO' })).sort()).toEqual([made.auriculares, made.silla].sort());
    // Final prices: parlante 50k, auriculares 15k, notebook 900k, silla 160k, monitor 400k.
    expect(ids(await list({ minPrice: 15000, maxPrice: 50000 })).sort()).toEqual([made.parlante, made.auriculares].sort());
    expect(ids(await list({ maxPrice: 20000 }))).toEqual([made.auriculares]);
    expect(ids(await list({ minPrice: 400000 })).sort()).toEqual([made.notebook, made.monitor].sort());
    expect(ids(await list({ category: 'informatica', state: 'NUEVO', maxPrice: 500000 }))).toEqual([made.monitor]);
    expect(bodyOf(await catalog({ sellerId: consumer.id })).total).toBe(0);
  });

  it('sorts by newest, price both ways and rating', async () => {
    expect(ids(await list())).toEqual([made.monitor, made.silla, made.notebook, made.auriculares, made.parlante]);
    expect(ids(await list({ sort: 'newest' }))).toEqual([made.monitor, made.silla, made.notebook, made.auriculares, made.parlante]);
    expect(ids(await list({ sort: 'price_asc' }))).toEqual([made.auriculares, made.parlante, made.silla, made.monitor, made.notebook]);
    expect(ids(await list({ sort: 'price_desc' }))).toEqual([made.notebook, made.monitor, made.silla, made.parlante, made.auriculares]);
    const byRating = await list({ sort: 'rating' });
    expect(ids(byRating).slice(0, 3)).toEqual([made.silla, made.monitor, made.parlante]);
    expect(byRating.items[0]).toMatchObject({ rating: { average: 4.75, count: 2 } });
  });

  it('pages with totals', async () => {
    const first = await list({ pageSize: 2, sort: 'price_asc' });
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(ids(first)).toEqual([made.auriculares, made.parlante]);
    const last = await list({ pageSize: 2, page: 3, sort: 'price_asc' });
    expect(last).toMatchObject({ page: 3, pageSize: 2, total: 5 });
    expect(ids(last)).toEqual([made.notebook]);
    const beyond = await list({ pageSize: 2, page: 9 });
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(5);
    expect((await list({ category: 'audio', pageSize: 1 })).total).toBe(2);
  });

  it('lists the 13 categories with both labels and their product counts', async () => {
    const categories = bodyOf(await send(stack, null, productsApi.categories));
    expect(categories).toHaveLength(13);
    expect(categories[0]).toEqual({ slug: 'electronica', labels: { es: 'Electrónica', en: 'Electronics' }, count: 0 });
    expect(categories.find((c) => c.slug === 'audio')?.count).toBe(2);
  });
});
