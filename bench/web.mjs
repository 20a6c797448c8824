// Issue 6 targets: the server-rendered catalog page through the gateway (>= 300 req/s, p99 <= 100 ms at 20
// connections) and the JavaScript the catalog page sends to the browser (<= 150 kB compressed).
import { gzipSync } from 'node:zlib';
import { BASE_URL, helloWorldBaseline, load, table } from './lib.mjs';

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
const hello = await helloWorldBaseline(20);
const page = await load({ url: `${BASE_URL}/`, connections: 20, duration: 10 });
table([
  { what: 'bare Fastify hello-world (direct), 20 conns', 'req/s': hello.rps, 'p99 ms': hello.p99, errors: hello.errors + hello.non2xx },
  { what: 'catalog page / via gateway, 20 conns', 'req/s': page.rps, 'p99 ms': page.p99, errors: page.errors + page.non2xx },
]);
console.log(`\ncatalog page JavaScript for modern browsers: ${scripts.length} files, ${(raw / 1024).toFixed(0)} kB raw, ${(gz / 1024).toFixed(0)} kB gzip`);
console.log(`legacy polyfills (noModule, fetched only by old browsers): ${(legacyGz / 1024).toFixed(0)} kB gzip`);
