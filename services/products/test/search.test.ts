import { CATEGORIES, usersApi, type CatalogPage } from '@marketshare/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, http, send, type Stack, type TestAccount } from '@marketshare/test-env';
import { createProduct, startCatalogStack } from './fixtures.js';

// Search by relevance, by category names in both languages and by the seller's name; the in-stock filter and the
// per-option counts (facets). Its own stack: these tests count every product in the catalog.

let stack: Stack;
let base: string;
let shop: TestAccount;
let rival: TestAccount;
const made: Record<string, number> = {};

beforeAll(async () => {
  ({ stack, base } = await startCatalogStack());
  [shop, rival] = await Promise.all([
    createAccount(stack, 'seller', { organization: 'Distribuidora Núñez' }),
    createAccount(stack, 'seller', { organization: 'Ferretería Sur' }),
  ]);
  const specs: [string, TestAccount, Record<string, unknown>][] = [
    // Created in this order, so "newest" is the reverse of it.
    ['taladro', shop, { name: 'Taladro percutor', description: 'Para obra', category: 'herramientas', stock: 4, state: 'NUEVO' }],
    ['maletin', shop, { name: 'Maletín', description: 'Guarda el taladro y sus brocas', category: 'herramientas', stock: 0, state: 'USADO' }],
    ['broca', shop, { name: 'Broca de widia', description: 'Para hormigón', category: 'herramientas', stock: 9, state: 'NUEVO', features: { rows: [{ feature: 'Uso', value: 'con taladro' }] } }],
    ['televisor', shop, { name: 'Televisor 50 pulgadas', description: 'Pantalla LED', category: 'electronica', stock: 0, state: 'NUEVO' }],
    ['soldador', rival, { name: 'Soldador de electrónica', description: 'Estaño incluido', category: 'herramientas', stock: 3, state: 'USADO' }],
    ['cable', rival, { name: 'Cable HDMI', description: 'Dos metros', category: 'electronica', stock: 12, state: 'NUEVO' }],
  ];
  for (const [key, seller, spec] of specs) made[key] = (await createProduct(stack, seller, spec)).id;
});
afterAll(async () => {
  await stack?.stop();
});

const search = async (query: string) => {
  const res = await http<CatalogPage>('GET', `${base}/api/products?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const ids = (page: CatalogPage) => page.items.map((p) => p.id);
const q = (words: string, more = '') => search(`q=${encodeURIComponent(words)}&sort=relevance${more}`);

describe('search by relevance', () => {
  it('ranks a match in the name above the description, and the description above the features', async () => {
    expect(ids(await q('taladro'))).toEqual([made.taladro, made.maletin, made.broca]);
    // The same matches by date, newest first: ranking is what changed the order.
    expect(ids(await search('q=taladro&sort=newest'))).toEqual([made.broca, made.maletin, made.taladro]);
  });

  it('finds a category by its name in either language, accents and case aside, the named product first', async () => {
    for (const words of ['electrónica', 'electronica', 'ELECTRÓNICA', 'Electrónica', 'electr']) {
      const found = await q(words);
      expect(found.total, words).toBe(3);
      // "Soldador de electrónica" has the word in its name; the other two are only filed under the category.
      expect(ids(found)[0], words).toBe(made.soldador);
      expect(ids(found).slice(1).sort(), words).toEqual([made.televisor, made.cable].sort());
    }
    for (const words of ['electronics', 'ELECTRONICS', 'Electronics']) {
      expect(ids(await q(words)).sort(), words).toEqual([made.televisor, made.cable].sort());
    }
    expect(ids(await q('herramientas', `&sellerId=${shop.id}`)).sort()).toEqual([made.taladro, made.maletin, made.broca].sort());
    expect(ids(await q('tools', `&sellerId=${rival.id}`))).toEqual([made.soldador]);
  });

  it("finds a seller's products by the seller's organization, accents and case aside", async () => {
    for (const words of ['Núñez', 'nunez', 'NUÑEZ', 'distribuidora nunez', 'distrib']) {
      expect(ids(await q(words)).sort(), words).toEqual([made.taladro, made.maletin, made.broca, made.televisor].sort());
    }
    expect(ids(await q('ferreteria')).sort()).toEqual([made.soldador, made.cable].sort());
    expect(ids(await q('ferreteria hdmi'))).toEqual([made.cable]);
  });
});

describe('in stock only and the filters’ counts', () => {
  it('leaves out products without stock when asked', async () => {
    expect(ids(await search(`sellerId=${shop.id}&inStock=true`)).sort()).toEqual([made.taladro, made.broca].sort());
    expect((await search(`sellerId=${shop.id}&inStock=false`)).total).toBe(4);
    expect((await search('category=electronica&inStock=true')).items.map((p) => p.id)).toEqual([made.cable]);
    expect((await http('GET', `${base}/api/products?inStock=maybe`)).status).toBe(400); // no boolean: outside the contract
  });

  it('answers per-option counts only when asked, each under every other filter but its own', async () => {
    expect((await search(`sellerId=${shop.id}`)).facets).toBeUndefined();

    const all = await search(`q=${encodeURIComponent('taladro')}&facets=true`);
    expect(all.facets).toEqual({
      state: { NUEVO: 2, USADO: 1 },
      inStock: 2,
      sellers: [{ id: shop.id, name: 'Distribuidora Núñez', count: 3 }],
    });

    // Choosing "in stock" narrows the condition counts; choosing a condition narrows the in-stock count, not itself.
    const used = await search(`category=herramientas&state=USADO&facets=true`);
    expect(ids(used).sort()).toEqual([made.maletin, made.soldador].sort());
    expect(used.facets?.state).toEqual({ NUEVO: 2, USADO: 2 });
    expect(used.facets?.inStock).toBe(1);
    expect(used.facets?.sellers).toEqual(
      expect.arrayContaining([
        { id: shop.id, name: 'Distribuidora Núñez', count: 1 },
        { id: rival.id, name: 'Ferretería Sur', count: 1 },
      ]),
    );

    const inStockOnly = await search(`category=herramientas&inStock=true&facets=true&sellerId=${shop.id}`);
    expect(inStockOnly.facets?.state).toEqual({ NUEVO: 2, USADO: 0 });
    expect(inStockOnly.facets?.inStock).toBe(2);
    // The seller facet ignores the seller filter, so the other sellers stay choosable.
    expect(inStockOnly.facets?.sellers).toEqual([
      { id: shop.id, name: 'Distribuidora Núñez', count: 2 },
      { id: rival.id, name: 'Ferretería Sur', count: 1 },
    ]);
    expect(inStockOnly.total).toBe(2);
  });
});

// Last: these add products that the counts above would see.
describe('the vocabulary and renamed sellers', () => {
  it('finds every category under its Spanish and its English name (the SQL vocabulary matches the contracts)', async () => {
    const vocab = await createAccount(stack, 'seller', { organization: 'Vocabulario' });
    const byCategory = new Map<string, number>();
    for (const c of CATEGORIES) {
      byCategory.set(c.slug, (await createProduct(stack, vocab, { name: 'Artículo', description: '', category: c.slug })).id);
    }
    for (const c of CATEGORIES) {
      for (const label of [c.es, c.en]) {
        expect(ids(await q(label, `&sellerId=${vocab.id}`)), `${c.slug}: ${label}`).toContain(byCategory.get(c.slug));
      }
    }
  });


  it("follows a seller's new organization name from their next change on", async () => {
    const renamed = await createAccount(stack, 'seller', { organization: 'Casa Vieja' });
    const product = await createProduct(stack, renamed, { name: 'Escalera', category: 'construccion' });
    expect(ids(await q('vieja'))).toEqual([product.id]);
    const profile = await send(stack, renamed, usersApi.updateMe, { body: { organization: 'Casa Nueva' } });
    expect(profile.status).toBe(200);
    const second = await createProduct(stack, renamed, { name: 'Andamio', category: 'construccion' });
    expect(ids(await q('nueva')).sort()).toEqual([product.id, second.id].sort());
    expect(ids(await q('vieja'))).toEqual([]);
  });
});
