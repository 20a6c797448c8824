// Issue 6 targets: the server-rendered catalog page through the gateway (>= 300 req/s, p99 <= 100 ms at 20
// connections) and the JavaScript the catalog page sends to the browser (<= 150 kB compressed).
// Issue 17: a signed-in consumer's catalog and product pages at >= 50% of the guest's rate in the same run, p99 <= 100
// ms; each consumer answer is checked to carry that consumer's name and nobody's markers.
import { gzipSync } from 'node:zlib';
import { BASE_URL, helloWorldBaseline, json, load, registerAndLogin, table } from './lib.mjs';

const html = await (await fetch(`${BASE_URL}/`)).text();
// Modern browsers skip `noModule` scripts (Next's legacy polyfills), so they are counted apart.
const tags = [...html.matchAll(/<script[^>]*>/g)]
  .map((m) => ({ tag: m[0], src: /src="([^"]+\.js[^"]*)"/.exec(m[0])?.[1] }))
  .filter((t) => t.src)
  .map((t) => ({ src: new URL(t.src, BASE_URL).toString(), legacy: /nomodule/i.test(t.tag) }));
let raw = 0;
let gz = 0;
let legacyGz = 0;
for (const { src, legacy } of tags) {
  const body = Buffer.from(await (await fetch(src)).arrayBuffer());
  const size = gzipSync(body, { level: 9 }).length;
  if (legacy) legacyGz += size;
  else {
    raw += body.length;
    gz += size;
  }
}
const scripts = tags.filter((t) => !t.legacy);
const products = await json('GET', `${BASE_URL}/api/products?pageSize=1`);
const productPath = products.body?.items?.[0] ? `/products/${products.body.items[0].id}` : null;
const consumer = await registerAndLogin('consumer');
const signedIn = { cookie: `ms_access=${consumer.token}` };

/** One page under 20 connections for 10 s; a consumer's answers must each be theirs (else counted as errors). */
async function pageLoad(path, headers) {
  let wrong = 0;
  const mustBeTheirs = (status, body) => {
    if (status === 200 && (!body.includes(consumer.username) || body.includes('ms-slot-'))) wrong++;
  };
  const request = { method: 'GET', path, headers: headers ?? {}, ...(headers && { onResponse: mustBeTheirs }) };
  const r = await load({ url: BASE_URL, connections: 20, duration: 10, requests: [request] });
  return { ...r, errors: r.errors + r.non2xx + wrong };
}

const hello = await helloWorldBaseline(20);
const rows = [{ what: 'bare Fastify hello-world (direct)', 'req/s': hello.rps, 'p99 ms': hello.p99, errors: hello.errors + hello.non2xx, 'of guest': '' }];
for (const [name, path] of [['catalog page /', '/'], ['product page', productPath]]) {
  if (!path) continue;
  const guest = await pageLoad(path);
  const mine = await pageLoad(path, signedIn);
  const share = `${Math.round((100 * mine.rps) / guest.rps)} %`;
  rows.push({ what: `${name}, guest`, 'req/s': guest.rps, 'p99 ms': guest.p99, errors: guest.errors, 'of guest': '' });
  rows.push({ what: `${name}, signed-in consumer`, 'req/s': mine.rps, 'p99 ms': mine.p99, errors: mine.errors, 'of guest': share });
}
console.log('pages via the gateway, 20 connections, 10 s each');
table(rows);
console.log(`\ncatalog page JavaScript for modern browsers: ${scripts.length} files, ${(raw / 1024).toFixed(0)} kB raw, ${(gz / 1024).toFixed(0)} kB gzip`);
console.log(`legacy polyfills (noModule, fetched only by old browsers): ${(legacyGz / 1024).toFixed(0)} kB gzip`);
