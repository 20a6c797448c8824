import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, WEB_CLIENT_SECRET } from './env.js';
import { api, createProduct, signUp } from './gateway-api.js';
import { sendPatiently, type RawOutcome as Answer } from './raw-http.js';
import {
  deeplyNested,
  edgeValueFor,
  hashOf,
  mutate,
  Rng,
  valueOf,
  WEIRD_PATH_SEGMENTS,
  WEIRD_STRINGS,
  type Schema,
} from './fuzz-inputs.js';

// Every public operation of the OpenAPI document, fuzzed through the gateway: a fixed seed, CASES_PER_OPERATION
// cases each (malformed and edge values drawn from the operation's own schema, odd path parameters, broken JSON,
// wrong and boundary-less content types, oversized bodies), sent anonymously, as a consumer, as a seller, as the web
// client and with forged credentials, within a time cap. Bad input is a 4xx (docs/design.md §1): any 5xx, or a
// request the system drops without an answer, fails the test with the seed and the case to replay it
// (FUZZ_SEED=<seed> replays another sequence). The web app's own shapes (`GET *`, a server action over its body
// limit) are checked the same way.

const SEED = Number(process.env.FUZZ_SEED ?? 13_2026);
const CASES_PER_OPERATION = 30;
const TIME_CAP_MS = 240_000;
const CONCURRENCY = 4;
const JSON_BODY_LIMIT = 1024 * 1024;
const gateway = new URL(BASE_URL);
const webClient = 'Basic ' + Buffer.from(`marketshare-web:${WEB_CLIENT_SECRET}`).toString('base64');
// a 1×1 PNG, enough for the image decoder to accept
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Operation {
  key: string;
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }[];
  body?: { type: string; schema: Schema };
}
interface Case {
  operation: string;
  index: number;
  kind: string;
  identity: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const send = (c: Pick<Case, 'method' | 'path' | 'headers' | 'body'>): Promise<Answer> => sendPatiently(gateway, c);

/** The same through a bare socket, for request lines no HTTP client writes (`GET *`). */
function sendRaw(head: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(gateway.port), gateway.hostname);
    let text = '';
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer within 30 s')));
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => {
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      if (status) resolve({ status: Number(status), text: text.slice(0, 2000) });
      else reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
    });
    socket.on('error', reject);
    socket.write(`${head}\r\nHost: ${gateway.host}\r\nConnection: close\r\n\r\n`);
  });
}

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: Schema }> } }>> }) {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const [type, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: type && content ? { type, schema: content.schema } : undefined,
      });
    }
  }
  return out;
}

// What the test's own people and things are, so valid-looking cases reach past the guards into the handlers.
const known = { consumer: '', seller: '', consumerName: '', consumerId: 0, sellerId: 0, productId: 0, orderId: 0, imageId: 0, imageFile: '' };

/** Bodies that pass validation, for the operations whose schemas a generator cannot satisfy alone. */
function exampleBody(op: Operation, rng: Rng): unknown {
  const product = {
    name: `Fuzz ${rng.int(1e6)}`, description: 'A product the fuzz test made', category: 'oficinas', state: 'NUEVO', colors: ['blanco'],
    price: 1000 + rng.int(1000), discount: 0, stock: 5, features: { text: 'Plain', rows: [] }, specialFeatures: [],
  };
  const username = `fz_${rng.int(1e9)}`;
  const examples: Record<string, unknown> = {
    'POST /oauth/token': rng.pick([
      { grant_type: 'password', username: known.consumerName, password: 'not the password at all' },
      { grant_type: 'refresh_token', refresh_token: 'x'.repeat(43) },
      { grant_type: 'client_credentials', scope: 'internal' },
      { grant_type: 'authorization_code', code: 'abc', redirect_uri: 'https://evil.example' },
    ]),
    'POST /oauth/introspect': { token: rng.pick([known.consumer, 'x.y.z', 'opaque']) },
    'POST /oauth/check_token': { token: rng.pick([known.seller, 'x.y.z']) },
    'POST /oauth/revoke': { token: 'never-issued-token', token_type_hint: rng.pick(['access_token', 'refresh_token', 'bogus']) },
    'POST /api/users': {
      username, password: 'a fuzzing password', email: `${username}@example.com`, role: rng.pick(['consumer', 'seller']), country: 'AR',
      organization: 'Fuzz SA', locale: 'en',
    },
    'PATCH /api/users/me': { organization: 'Fuzz SA', locale: rng.pick(['en', 'es']) },
    'PUT /api/users/me/password': { currentPassword: 'not the current one', newPassword: 'another long password' },
    'POST /api/users/password-resets': { login: `nobody_${rng.int(1e6)}` },
    'POST /api/users/password-resets/confirm': { token: 'x'.repeat(43), newPassword: 'another long password' },
    'POST /api/users/me/funds': { amount: 1 + rng.int(1000) },
    'POST /api/users/me/withdrawals': { amount: 1 + rng.int(1000) },
    'POST /api/products': product,
    'PATCH /api/products/{id}': { price: product.price, stock: 7 },
    'POST /api/orders': { productId: known.productId, quantity: 1, unitPrice: 1000 },
    'POST /api/reviews': { orderId: known.orderId, rating: 4.5, title: 'Fine', summary: 'It works' },
  };
  return op.key in examples ? examples[op.key] : valueOf(op.body?.schema, rng);
}

function pathValue(op: Operation, name: string, rng: Rng): string {
  if (name === 'file') return known.imageFile;
  if (name === 'imageId') return String(known.imageId);
  const byPath: [string, number][] = [
    ['/api/products/', known.productId],
    ['/api/orders/', known.orderId],
    ['/api/users/', known.consumerId],
    ['/api/analytics/sellers/', known.sellerId],
  ];
  return String(byPath.find(([prefix]) => op.path.startsWith(prefix))?.[1] ?? 1 + rng.int(50));
}

const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
/** Percent-encodes the UTF-8 of any string, lone surrogates included (encodeURIComponent throws on those). */
const pct = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
const queryString = (pairs: [string, unknown][]) => pairs.map(([k, v]) => `${pct(k)}=${pct(asText(v))}`).join('&');

function encodeBody(type: string, value: unknown): Buffer {
  if (type === 'application/x-www-form-urlencoded' && value && typeof value === 'object' && !Array.isArray(value)) {
    return Buffer.from(queryString(Object.entries(value)));
  }
  return Buffer.from(JSON.stringify(value) ?? 'null');
}

function multipart(boundary: string, parts: { name: string; filename?: string; type?: string; data: Buffer }[], close = true): Buffer {
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\n` +
        (p.type ? `Content-Type: ${p.type}\r\n` : '') +
        '\r\n',
    ),
    p.data,
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([...chunks, Buffer.from(close ? `--${boundary}--\r\n` : '')]);
}

const IDENTITIES = ['anonymous', 'consumer', 'seller', 'client', 'forged'] as const;
function credentials(identity: (typeof IDENTITIES)[number], rng: Rng): Record<string, string> {
  switch (identity) {
    case 'anonymous':
      return {};
    case 'consumer':
      return { authorization: `Bearer ${known.consumer}` };
    case 'seller':
      return { authorization: `Bearer ${known.seller}` };
    case 'client':
      return { authorization: webClient };
    default: {
      const [header, payload] = known.consumer.split('.');
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      return {
        authorization: rng.pick([
          'Bearer x.y.z',
          `Bearer ${none}.${payload}.`,
          `Bearer ${header}.${payload}.${'A'.repeat(86)}`,
          'Basic ' + Buffer.from('marketshare-web:wrong').toString('base64'),
          'Basic ' + Buffer.from('no colon').toString('base64'),
          'Basic !!!',
          'Bearer',
          `Bearer ${'a'.repeat(9000)}`,
          'Digest username="x"',
        ]),
      };
    }
  }
}

const MALFORMED_JSON = ['{', '{"a":', 'nul', '{"a":1}}', '\u0000', '"unterminated', '{"a":"\\ud800"}', '1e999999', '{"a":1e999999}', "{'a':1}", '[]', '""'];
const MALFORMED_FORM = ['%', '%zz=1', 'grant_type=%ff', '&&&=', 'grant_type', '='.repeat(1000), 'grant_type=password&grant_type=refresh_token'];
const CONTENT_TYPES = [
  'text/plain', 'application/xml', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'multipart/form-data',
  'multipart/form-data; boundary=', 'multipart/form-data; boundary=abc', 'application/x-www-form-urlencoded', 'application/json',
  'application/json, text/plain', '*/*', 'application/vnd.api+json', 'application/json;;;', 'image/png',
];

/** Case `index` of an operation: its kind follows the index, its values the operation's own seeded sequence. */
function makeCase(op: Operation, index: number, rng: Rng): Case {
  const kinds = ['example', 'headers'];
  if (op.params.some((p) => p.in === 'path')) kinds.push('path');
  if (op.params.some((p) => p.in === 'query')) kinds.push('query');
  if (op.body) kinds.push('body', 'body', 'malformed', 'content-type', 'oversized');
  else kinds.push('content-type');
  if (op.body?.type === 'multipart/form-data') kinds.push('multipart', 'multipart');
  const kind = kinds[index % kinds.length]!;
  const identity = IDENTITIES[(index + Math.floor(index / kinds.length)) % IDENTITIES.length]!;
  const headers: Record<string, string> = { ...credentials(identity, rng) };

  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (kind === 'path' && rng.chance(0.8)) return rng.pick(WEIRD_PATH_SEGMENTS);
    return pct(pathValue(op, name, rng));
  });
  const query: [string, unknown][] = [];
  for (const p of op.params.filter((q) => q.in === 'query')) {
    if (kind === 'query' && rng.chance(0.6)) query.push([p.name, edgeValueFor(p.schema, rng)]);
    else if (p.required || rng.chance(0.3)) query.push([p.name, valueOf(p.schema, rng)]);
  }
  if (kind === 'query') {
    const name = op.params.find((p) => p.in === 'query')?.name ?? 'page';
    query.push(...rng.pick<[string, unknown][]>([[[name, '1']], [[`${name}[]`, '1']], [[`${name}[a]`, 'b']], [['__proto__[x]', '1']], [['x'.repeat(5000), '1']]]));
  }
  if (query.length) path += `?${queryString(query)}`;
  // bytes that are no UTF-8, and a percent sign that starts no escape
  if (kind === 'query' && rng.chance(0.3)) path += `${query.length ? '&' : '?'}${op.params.find((p) => p.in === 'query')?.name ?? 'q'}=${rng.pick(['%ff%fe', '%', '%e0%80'])}`;
  for (const p of op.params.filter((h) => h.in === 'header')) {
    headers[p.name] = kind === 'headers' ? rng.pick(['', ' ', 'x'.repeat(5000), '\x7f', 'é', 'a,b', '../../', '\t']) : `fuzz-${SEED}-${index}`;
  }
  if (kind === 'headers') {
    Object.assign(
      headers,
      rng.pick([
        { accept: 'application/xml' },
        { 'accept-language': rng.pick(WEIRD_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s))) },
        { 'content-encoding': 'gzip' },
        { 'x-forwarded-for': 'not-an-address, ::ffff:999.1.1.1' },
        { 'x-request-id': 'x'.repeat(5000) },
        { range: 'bytes=0-1,-5' },
        { 'if-none-match': '*' },
        { cookie: `ms_access=${'a'.repeat(4000)}` },
      ]),
    );
  }

  let body: Buffer | undefined;
  const type = op.body?.type ?? 'application/json';
  const example = () => exampleBody(op, rng);
  switch (kind) {
    case 'example':
    case 'headers':
    case 'path':
    case 'query':
      if (op.body) body = type === 'multipart/form-data' ? multipart('fz', [{ name: 'file', filename: 'a.png', type: 'image/png', data: PNG }]) : encodeBody(type, example());
      break;
    case 'body':
      body = encodeBody(type, mutate(example(), op.body?.schema, rng));
      break;
    case 'malformed':
      body = rng.chance(0.2)
        ? rng.pick([Buffer.from(deeplyNested(100_000)), Buffer.from([0xff, 0xfe, 0x00, 0x7b]), Buffer.from('{"a":"\u00e9"}', 'latin1')])
        : Buffer.from(rng.pick(type === 'application/x-www-form-urlencoded' ? MALFORMED_FORM : MALFORMED_JSON));
      break;
    case 'content-type':
      headers['content-type'] = rng.pick(CONTENT_TYPES);
      body = rng.chance(0.5) ? encodeBody('application/json', example()) : Buffer.from(rng.pick([...MALFORMED_FORM, ...MALFORMED_JSON, '']));
      break;
    case 'oversized':
      body = type === 'multipart/form-data'
        ? multipart('fz', [{ name: 'file', filename: 'big.png', type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]) }])
        : encodeBody(type, { ...(example() as object), padding: 'x'.repeat(JSON_BODY_LIMIT + 1000) });
      break;
    case 'multipart': {
      const variant = rng.int(8);
      const parts = [
        { name: 'file', filename: 'a.png', type: 'image/png', data: PNG },
        { name: 'file', filename: '../../../etc/passwd', type: 'image/png', data: PNG },
        { name: 'file', filename: 'a.png', type: 'image/png', data: Buffer.from('not an image at all') },
        { name: 'other', data: Buffer.from('a field') },
        { name: 'file', filename: '\u0000.png', data: Buffer.concat([PNG, Buffer.from('<?php echo 1; ?>')]) },
      ];
      const boundary = rng.pick(['fz', 'x'.repeat(70), '----WebKitFormBoundary7MA4YWxkTrZu0gW']);
      headers['content-type'] = [
        'multipart/form-data',
        `multipart/form-data; boundary=${boundary}`,
        `multipart/form-data; boundary=other`,
        'multipart/form-data; boundary=',
      ][variant % 4]!;
      body = variant === 4 ? Buffer.alloc(0) : multipart(boundary, [rng.pick(parts), ...(rng.chance(0.3) ? [rng.pick(parts)] : [])], variant !== 5);
      if (variant === 6) body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${'a'.repeat(20_000)}.png"\r\n\r\nxx`);
      break;
    }
  }
  if (body && !headers['content-type']) {
    headers['content-type'] = type === 'multipart/form-data' ? 'multipart/form-data; boundary=fz' : type;
  }
  return { operation: op.key, index, kind, identity, method: op.method, path, headers, body };
}

/** A failing case as a reader can replay it: the seed, the case and what came back. */
function describeFailure(c: Case, outcome: Answer | Error): string {
  const body = c.body === undefined ? '' : c.body.length > 300 ? `${c.body.subarray(0, 300).toString('latin1')}… (${c.body.length} bytes)` : c.body.toString('latin1');
  const got = outcome instanceof Error ? `no answer: ${outcome.message}` : `${outcome.status} ${outcome.text.slice(0, 300)}`;
  const shown = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, v.length > 120 ? `${v.slice(0, 120)}…` : v]));
  return `seed ${SEED}, ${c.operation} case ${c.index} (${c.kind}, ${c.identity}): ${c.method} ${c.path.slice(0, 300)} ${JSON.stringify(shown)} ${JSON.stringify(body)} → ${got}`;
}

async function inPool<T>(items: T[], deadline: number, work: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length && Date.now() < deadline) {
        await work(items[next++]!);
        done++;
      }
    }),
  );
  return done;
}

beforeAll(async () => {
  const consumer = await signUp('fuzz', 'consumer', 'en');
  const seller = await signUp('fuzz', 'seller', 'es');
  const me = await api('GET', '/api/users/me', { token: consumer.token });
  Object.assign(known, { consumer: consumer.token, seller: seller.token, consumerId: consumer.id, sellerId: seller.id, consumerName: me.body.username });
  known.productId = await createProduct(seller.token, {
    name: 'Fuzz target', description: 'What the fuzz test buys and edits', colors: ['blanco'], price: 1000, stock: 1000, features: { text: 'Plain', rows: [] },
  });
  const image = await send({
    method: 'POST',
    path: `/api/products/${known.productId}/images`,
    headers: { authorization: `Bearer ${seller.token}`, 'content-type': 'multipart/form-data; boundary=fz' },
    body: multipart('fz', [{ name: 'file', filename: 'a.png', type: 'image/png', data: PNG }]),
  });
  expect(image.status).toBe(201);
  const stored = (JSON.parse(image.text) as { images: { id: number; url: string }[] }).images[0]!;
  Object.assign(known, { imageId: stored.id, imageFile: stored.url.split('/').pop()! });
  expect((await api('POST', '/api/users/me/funds', { token: consumer.token, json: { amount: 100_000 } })).status).toBe(200);
  const order = await api('POST', '/api/orders', { token: consumer.token, json: { productId: known.productId, quantity: 1 } });
  expect(order.status).toBe(201);
  known.orderId = order.body.id as number;
});

describe(`the fuzz test over every public operation (seed ${SEED})`, () => {
  it(`answers ${CASES_PER_OPERATION} malformed and edge requests per operation without a 5xx`, { timeout: TIME_CAP_MS + 60_000 }, async () => {
    const doc = await (await fetch(`${BASE_URL}/api/openapi.json`)).json();
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(30);
    // round by round over the operations, so the time cap, if it strikes, leaves every operation equally tried
    const cases: Case[] = [];
    const rngs = new Map(operations.map((op) => [op.key, new Rng(SEED ^ hashOf(op.key))]));
    for (let i = 0; i < CASES_PER_OPERATION; i++) for (const op of operations) cases.push(makeCase(op, i, rngs.get(op.key)!));

    const failures: string[] = [];
    const triedPerOperation = new Map<string, number>();
    let unsendable = 0;
    const started = Date.now();
    const done = await inPool(cases, started + TIME_CAP_MS, async (c) => {
      let outcome: Answer | Error;
      try {
        outcome = await send(c);
      } catch (e) {
        // a header value Node itself refuses to write never left this process
        if ((e as NodeJS.ErrnoException).code === 'ERR_INVALID_CHAR') {
          unsendable++;
          return;
        }
        outcome = e as Error;
      }
      triedPerOperation.set(c.operation, (triedPerOperation.get(c.operation) ?? 0) + 1);
      if (outcome instanceof Error || outcome.status >= 500 || outcome.status < 100) failures.push(describeFailure(c, outcome));
    });
    console.log(
      `fuzz seed ${SEED}: ${done} of ${cases.length} cases over ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(0)} s ` +
        `(${unsendable} not sendable), ${failures.length} failing`,
    );
    expect(failures, `fuzz seed ${SEED}:\n${failures.join('\n')}`).toEqual([]);
    // the cap must not have left an operation barely tried
    for (const op of operations) expect(triedPerOperation.get(op.key) ?? 0, op.key).toBeGreaterThanOrEqual(CASES_PER_OPERATION / 2);
  });

  it('answers request lines no browser sends, to the web app and to the services, with a 4xx', async () => {
    const lines = ['GET * HTTP/1.1', 'OPTIONS * HTTP/1.1', 'POST * HTTP/1.1', 'GET http://evil.example/ HTTP/1.1', 'GET /%ff HTTP/1.1', 'GET /products/%00 HTTP/1.1',
      'GET /..%2f..%2fetc%2fpasswd HTTP/1.1', 'GET /_next/static/..%2f..%2fpackage.json HTTP/1.1', 'GET /products/99999999999999999999 HTTP/1.1', 'GET /api/* HTTP/1.1'];
    const answers = await Promise.all(lines.map(async (line) => [line, (await sendRaw(line)).status] as const));
    expect(answers.filter(([, status]) => status >= 500), `seed ${SEED}`).toEqual([]);
    // `*` is no page: the web app refuses it rather than rendering something
    expect(answers.find(([line]) => line === 'GET * HTTP/1.1')![1]).toBeGreaterThanOrEqual(400);
  });

  it('answers a server action over its body limit with 413, not 500, with and without a session', async () => {
    const limits: [string | undefined, number][] = [
      [undefined, 1024 * 1024 + 1000], // a guest's actions take 1 MB
      [`ms_access=${known.consumer}`, 25 * 1024 * 1024 + 1000], // a person's take 25 MB (the product form's images)
    ];
    for (const [cookie, size] of limits) {
      for (const path of ['/login', '/products/new', '/']) {
        const res = await send({
          method: 'POST',
          path,
          headers: { 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8', origin: BASE_URL, ...(cookie ? { cookie } : {}) },
          body: Buffer.alloc(size, 0x61),
        });
        expect(res.status, `${path} ${size} bytes${cookie ? ' signed in' : ''}: ${res.text.slice(0, 200)}`).toBe(413);
      }
    }
  });
});
