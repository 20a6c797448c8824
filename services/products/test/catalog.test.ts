import type { PageOf, Product } from '@marketshare/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, http, type Stack, type TestAccount } from '@marketshare/test-env';
import { createProduct, productBody, startCatalogStack } from './fixtures.js';

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

describe('who may change the catalog', () => {
  it('lets a seller create a product with real arrays and objects, and nobody else', async () => {
    const created = await http('POST', `${base}/api/products`, { token: seller.token, json: productBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...productBody(),
      sellerId: seller.id,
      images: [],
      rating: { average: 0, count: 0 },
      published: true,
    });
    expect(created.body.features.rows).toEqual([{ feature: 'Potencia', value: '750 W' }]);
    expect(Date.parse(created.body.publishedAt)).not.toBeNaN();

    expect((await http('POST', `${base}/api/products`, { token: consumer.token, json: productBody() })).status).toBe(403);
    expect((await http('POST', `${base}/api/products`, { json: productBody() })).status).toBe(401);
    expect((await http('POST', `${base}/api/products`, { token: ordersToken, json: productBody() })).status).toBe(403);
    expect((await http('POST', `${base}/api/products`, { token: 'not.a.jwt', json: productBody() })).status).toBe(401);
  });

  it('lets only the owner change or delete, and keeps a deleted product for orders', async () => {
    const product = await createProduct(base, seller.token);
    const url = `${base}/api/products/${product.id}`;
    for (const token of [otherSeller.token, consumer.token]) {
      expect((await http('PATCH', url, { token, json: { price: 1 } })).status).toBe(403);
      expect((await http('DELETE', url, { token })).status).toBe(403);
    }
    expect((await http('PATCH', url, { json: { price: 1 } })).status).toBe(401);
    expect((await http('DELETE', url)).status).toBe(401);
    expect((await http('GET', url)).body.price).toBe(125_000);

    const changed = await http('PATCH', url, {
      token: seller.token,
      json: { price: 99_000, discount: 0, features: { rows: [{ feature: 'Peso', value: '2 kg' }] } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ price: 99_000, discount: 0, name: 'Taladro percutor 750W', features: { text: '', rows: [{ feature: 'Peso', value: '2 kg' }] } });

    expect((await http('DELETE', url, { token: seller.token })).status).toBe(204);
    expect((await http('GET', url)).status).toBe(404);
    expect((await http('PATCH', url, { token: seller.token, json: { price: 5 } })).status).toBe(404);
    expect((await http('DELETE', url, { token: seller.token })).status).toBe(404);
    const listed = await http('GET', `${base}/api/products?sellerId=${seller.id}&pageSize=100`);
    expect(ids(listed.body)).not.toContain(product.id);

    // Orders that name it keep working through the internal read, with a service token only.
    const internal = await http('GET', `${base}/internal/products/${product.id}`, { token: ordersToken });
    expect(internal.status).toBe(200);
    expect(internal.body).toMatchObject({ id: product.id, published: false, price: 99_000 });
    expect((await http('GET', `${base}/internal/products/${product.id}`, { token: seller.token })).status).toBe(403);
    expect((await http('GET', `${base}/internal/products/${product.id}`)).status).toBe(401);
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
    const before = (await http('GET', `${base}/api/products?sellerId=${otherSeller.id}`)).body.total;
    const res = await http('POST', `${base}/api/products`, { token: otherSeller.token, json: productBody(change) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await http('GET', `${base}/api/products?sellerId=${otherSeller.id}`)).body.total).toBe(before);
  });

  it('refuses bad changes the same way, leaving the product as it was', async () => {
    const product = await createProduct(base, otherSeller.token);
    const url = `${base}/api/products/${product.id}`;
    for (const [, change, field] of badBodies.filter(([w]) => w !== 'a field the API does not have')) {
      const res = await http('PATCH', url, { token: otherSeller.token, json: change });
      expect(res.status, JSON.stringify(change).slice(0, 80)).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const empty = await http('PATCH', url, { token: otherSeller.token, json: {} });
    expect(empty.status).toBe(400);
    const order = await http('PATCH', url, { token: otherSeller.token, json: { imageOrder: [12345] } });
    expect(order.status).toBe(400);
    expect(order.body.details[0].field).toBe('imageOrder');
    const broken = await http('PATCH', url, { token: otherSeller.token, body: '{"price": 5', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect((await http('GET', url)).body).toMatchObject({ price: 125_000, stock: 8, name: 'Taladro percutor 750W' });
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
    const res = await http('GET', `${base}/api/products?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('refuses junk ids with a 400 and unknown ones with a 404', async () => {
    for (const id of ['abc', '1.5', '-3', '99999999999', '1%20OR%201=1']) {
      const res = await http('GET', `${base}/api/products/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.body.details[0].field).toBe('id');
    }
    expect((await http('GET', `${base}/api/products/2147483647`)).status).toBe(404);
  });

  it('treats SQL-looking search text as words to look for', async () => {
    for (const q of ["'; DROP TABLE products; --", "1' OR '1'='1", '") OR 1=1 --', ':* & | !', '\\', '%_']) {
      const res = await http('GET', `${base}/api/products?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.body.total, q).toBe(0);
    }
    expect((await http('GET', `${base}/api/products`)).body.total).toBeGreaterThan(0);
  });

  it('answers 400, not 500, to text the database cannot store (a NUL character)', async () => {
    expect((await http('GET', `${base}/api/products?q=${encodeURIComponent('taladro\u0000')}`)).status).toBe(400);
    const res = await http('POST', `${base}/api/products`, { token: seller.token, json: productBody({ name: 'Nul\u0000name' }) });
    expect(res.status).toBe(400);
  });
});

describe('catalog reads', () => {
  let shop: TestAccount;
  const made: Record<string, number> = {};

  beforeAll(async () => {
    shop = await createAccount(stack, 'seller');
    const specs: [string, Record<string, unknown>][] = [
      ['parlante', { name: 'Parlante Bluetooth Electrónico', category: 'audio', price: 50_000, discount: 0, state: 'NUEVO' }],
      ['auriculares', { name: 'Auriculares inalámbricos', category: 'audio', price: 30_000, discount: 50, state: 'USADO', description: 'Cancelación de ruido' }],
      ['notebook', { name: 'Notebook 14 pulgadas', category: 'informatica', price: 900_000, discount: 0, state: 'NUEVO', features: { rows: [{ feature: 'Memoria', value: 'dieciséis gigas' }] } }],
      ['silla', { name: 'Silla ergonómica', category: 'oficinas', price: 200_000, discount: 20, state: 'USADO' }],
      ['monitor', { name: 'Monitor 27', category: 'informatica', price: 400_000, discount: 0, state: 'NUEVO' }],
    ];
    for (const [key, spec] of specs) made[key] = (await createProduct(base, shop.token, spec)).id;
    // Ratings arrive from the orders service.
    const rate = (productId: number, reviewId: number, rating: number) =>
      http('POST', `${base}/internal/ratings`, { token: ordersToken, json: { productId, reviewId, rating } });
    await rate(made.silla, 9001, 5);
    await rate(made.silla, 9002, 4.5);
    await rate(made.monitor, 9003, 3);
    await rate(made.parlante, 9004, 1);
  });

  const list = async (query: string) => {
    const res = await http('GET', `${base}/api/products?sellerId=${shop.id}&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as PageOf<Product>;
  };

  it('finds by a word of the name, ignoring accents and case, and by prefixes and features', async () => {
    for (const q of ['electronico', 'ELECTRÓNICO', 'electrónico', 'parlante bluetooth', 'parla']) {
      expect(ids(await list(`q=${encodeURIComponent(q)}`)), q).toEqual([made.parlante]);
    }
    expect(ids(await list('q=ergonomica'))).toEqual([made.silla]);
    expect(ids(await list('q=cancelacion'))).toEqual([made.auriculares]); // description
    expect(ids(await list('q=dieciseis'))).toEqual([made.notebook]); // a feature row
    expect(ids(await list('q=heladera'))).toEqual([]);
    const guest = await http('GET', `${base}/api/products?q=electronico`);
    expect(ids(guest.body)).toEqual([made.parlante]);
  });

  it('filters by category, seller, state and the discounted price', async () => {
    expect(ids(await list('category=audio')).sort()).toEqual([made.parlante, made.auriculares].sort());
    expect(ids(await list('state=USADO')).sort()).toEqual([made.auriculares, made.silla].sort());
    // Final prices: parlante 50k, auriculares 15k, notebook 900k, silla 160k, monitor 400k.
    expect(ids(await list('minPrice=15000&maxPrice=50000')).sort()).toEqual([made.parlante, made.auriculares].sort());
    expect(ids(await list('maxPrice=20000'))).toEqual([made.auriculares]);
    expect(ids(await list('minPrice=400000')).sort()).toEqual([made.notebook, made.monitor].sort());
    expect(ids(await list('category=informatica&state=NUEVO&maxPrice=500000'))).toEqual([made.monitor]);
    const otherShop = await http('GET', `${base}/api/products?sellerId=${consumer.id}`);
    expect(otherShop.body.total).toBe(0);
  });

  it('sorts by newest, price both ways and rating', async () => {
    expect(ids(await list(''))).toEqual([made.monitor, made.silla, made.notebook, made.auriculares, made.parlante]);
    expect(ids(await list('sort=newest'))).toEqual([made.monitor, made.silla, made.notebook, made.auriculares, made.parlante]);
    expect(ids(await list('sort=price_asc'))).toEqual([made.auriculares, made.parlante, made.silla, made.monitor, made.notebook]);
    expect(ids(await list('sort=price_desc'))).toEqual([made.notebook, made.monitor, made.silla, made.parlante, made.auriculares]);
    const byRating = await list('sort=rating');
    expect(ids(byRating).slice(0, 3)).toEqual([made.silla, made.monitor, made.parlante]);
    expect(byRating.items[0]).toMatchObject({ rating: { average: 4.75, count: 2 } });
  });

  it('pages with totals', async () => {
    const first = await list('pageSize=2&sort=price_asc');
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(ids(first)).toEqual([made.auriculares, made.parlante]);
    const last = await list('pageSize=2&page=3&sort=price_asc');
    expect(last).toMatchObject({ page: 3, pageSize: 2, total: 5 });
    expect(ids(last)).toEqual([made.notebook]);
    const beyond = await list('pageSize=2&page=9');
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(5);
    expect((await list('category=audio&pageSize=1')).total).toBe(2);
  });

  it('lists the 13 categories with both labels and their product counts', async () => {
    const res = await http('GET', `${base}/api/categories`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(13);
    expect(res.body[0]).toEqual({ slug: 'electronica', labels: { es: 'Electrónica', en: 'Electronics' }, count: 0 });
    const audio = res.body.find((c: { slug: string }) => c.slug === 'audio');
    expect(audio.count).toBe(2);
  });
});
