// Issue 3 targets, against a running system (BASE_URL, default the gateway at http://localhost:8080):
//   catalog listing and search >= 2,500 req/s with p99 <= 25 ms at 50 connections over 100,000 products;
//   product by id >= 5,000 req/s; the bare Fastify hello-world rate from the same run beside them;
//   GET /api/products?q=... median and p99 over 1,000 sequential requests.
// Seeds the products database directly up to 100,000 published products (one INSERT ... SELECT generate_series),
// owned by BENCH_SELLER_ID (default 1). Not part of the tests.
//   PRODUCTS_DATABASE_URL  the catalog database (default postgresql://postgres@127.0.0.1:5432/marketshare_products)
//   CATALOG_SIZE           how many products to reach (default 100000)
// `node bench/catalog.mjs --seed-only` seeds and stops (to look at query plans by hand).
import pg from 'pg';
import { BASE_URL, helloWorldBaseline, load, table } from './lib.mjs';

const DATABASE_URL = process.env.PRODUCTS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/marketshare_products';
const TARGET = Number(process.env.CATALOG_SIZE ?? 100_000);
const SELLER_ID = Number(process.env.BENCH_SELLER_ID ?? 1);
const WORDS = ['taladro', 'parlante', 'notebook', 'silla', 'monitor', 'auriculares', 'cafetera', 'bicicleta', 'campera', 'lampara'];

async function seedCatalog() {
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query('SELECT count(*)::int AS n, coalesce(max(id), 0) AS last FROM products WHERE published');
    const missing = TARGET - rows[0].n;
    if (missing <= 0) return { seeded: 0, total: rows[0].n };
    const started = Date.now();
    // Names mix a noun, an adjective (some accented) and the row number, so searches match a realistic share of rows.
    await db.query(
      `INSERT INTO products (seller_id, name, description, category, state, colors, price, discount, stock,
                             features_text, features_rows, special_features, published_at)
       SELECT $1,
              initcap(nouns[1 + g % array_length(nouns, 1)]) || ' ' || adjs[1 + (g / 7) % array_length(adjs, 1)] || ' ' || g,
              'Producto de demostración ' || g || ': ' || adjs[1 + g % array_length(adjs, 1)] || ', ideal para empresas',
              cats[1 + g % array_length(cats, 1)],
              CASE WHEN g % 4 = 0 THEN 'USADO' ELSE 'NUEVO' END,
              ARRAY[colors[1 + g % 7], colors[1 + (g / 7) % 7]]::text[],
              1000 + (g::bigint * 7919) % 5000000,
              (g % 8) * 5,
              10 + g % 500,
              'Características del modelo ' || g,
              jsonb_build_array(jsonb_build_object('feature', 'Garantía', 'value', (1 + g % 24) || ' meses')),
              CASE WHEN g % 3 = 0 THEN ARRAY['envio_gratis'] ELSE '{}' END::text[],
              now() - make_interval(mins => g)
       FROM generate_series($2::int, $3::int) AS g,
            (SELECT $4::text[] AS nouns,
                    ARRAY['Pro', 'Max', 'Eléctrico', 'Compacto', 'Industrial', 'Ergonómico', 'Inalámbrico', 'Clásico', 'Económico', 'Básico'] AS adjs,
                    ARRAY['electronica', 'audio', 'informatica', 'pequenios_dispositivos', 'herramientas', 'belleza', 'deporte_bienestar',
                          'prendas_moda', 'vehiculos', 'industrias', 'construccion', 'oficinas', 'otra'] AS cats,
                    ARRAY['rojo', 'azul', 'verde', 'amarillo', 'blanco', 'negro', 'gris'] AS colors) AS v`,
      [SELLER_ID, 1, missing, WORDS],
    );
    await db.query('ANALYZE products');
    return { seeded: missing, total: TARGET, seconds: ((Date.now() - started) / 1000).toFixed(1) };
  } finally {
    await db.end();
  }
}

async function someProductIds(n = 1000) {
  const res = await fetch(`${BASE_URL}/api/products?pageSize=100&sort=price_asc`);
  if (!res.ok) throw new Error(`GET /api/products: ${res.status}`);
  const ids = (await res.json()).items.map((p) => p.id);
  return Array.from({ length: n }, (_, i) => ids[i % ids.length]);
}

/** Sequential latency of one request at a time, in ms. */
async function sequentialLatency(paths) {
  const times = [];
  for (const path of paths) {
    const t0 = performance.now();
    const res = await fetch(`${BASE_URL}${path}`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  return { median: at(0.5), p99: at(0.99) };
}

const seed = await seedCatalog();
console.log(`catalog: ${seed.total} published products${seed.seeded ? ` (seeded ${seed.seeded} in ${seed.seconds} s)` : ''}`);
if (process.argv.includes('--seed-only')) process.exit(0);

const hello = await helloWorldBaseline();
const listing = await load({ url: `${BASE_URL}/api/products` });
const search = await load({ url: `${BASE_URL}/api/products?q=taladro` });
// Varied searches (word x page) so the catalog's 1-second micro-cache helps only as much as real traffic lets it.
let n = 0;
const variedSearch = await load({
  url: BASE_URL,
  requests: [{ setupRequest: (req) => ({ ...req, path: `/api/products?q=${WORDS[n % WORDS.length]}&page=${1 + (n++ % 50)}` }) }],
});
const ids = await someProductIds();
let k = 0;
const byId = await load({ url: BASE_URL, requests: [{ setupRequest: (req) => ({ ...req, path: `/api/products/${ids[k++ % ids.length]}` }) }] });

const sameQuery = await sequentialLatency(Array.from({ length: 1000 }, () => '/api/products?q=taladro'));
// Distinct texts every time (a word and a row number): each request reaches PostgreSQL's full-text index.
const distinctQueries = await sequentialLatency(
  Array.from({ length: 1000 }, (_, i) => `/api/products?q=${encodeURIComponent(`${WORDS[i % WORDS.length]} ${1 + ((i * 97) % seed.total)}`)}`),
);

const row = (what, r) => ({ what, 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, errors: r.errors + r.non2xx });
table([
  row('bare Fastify hello-world (direct)', hello),
  row('GET /api/products (newest, page 1)', listing),
  row('GET /api/products?q=taladro', search),
  row('GET /api/products?q=<10 words>&page=<1..50>', variedSearch),
  row('GET /api/products/{id} (1000 ids)', byId),
]);
console.log('\nGET /api/products?q=... one at a time, 1,000 requests:');
table([
  { query: 'the same text (q=taladro)', 'median ms': sameQuery.median, 'p99 ms': sameQuery.p99 },
  { query: 'a distinct text each time', 'median ms': distinctQueries.median, 'p99 ms': distinctQueries.p99 },
]);
