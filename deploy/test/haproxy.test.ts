import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@marketshare/test-env';
import { brokenCopy, readText, repoPath, runTool } from './helpers.js';

// (c) `haproxy -c` accepts every gateway config in deploy/haproxy, and the compose config routes as designed.

const HAPROXY = '/usr/sbin/haproxy';
const configs = readdirSync(repoPath('deploy/haproxy')).filter((f) => f.endsWith('.cfg'));
const BACKENDS = ['auth', 'users', 'products', 'orders', 'web'];
const LOCAL_PORTS: Record<string, number> = { auth: 8040, users: 8070, products: 8060, orders: 8050, web: 3000 };

/** The environment scripts/start.mjs gives haproxy.cfg (the local one); compose's file needs none. */
const localEnv = (ports: Record<string, number>, bind: string, port: number, stats: number) => ({
  GATEWAY_BIND: bind,
  GATEWAY_PORT: String(port),
  GATEWAY_STATS_PORT: String(stats),
  ...Object.fromEntries(BACKENDS.map((b) => [`${b.toUpperCase()}_ADDR`, `127.0.0.1:${ports[b]}`])),
});

/** A config file runnable on this machine: compose's names and Docker DNS swapped for local addresses. */
function localised(file: string, ports: Record<string, number>, gwPort: number, statsPort: number): string {
  let cfg = readText(`deploy/haproxy/${file}`);
  if (file !== 'haproxy.compose.cfg') return cfg;
  cfg = cfg
    .replace('bind :8080', `bind 127.0.0.1:${gwPort}`)
    .replace('bind :8404', `bind 127.0.0.1:${statsPort}`)
    .replace(/ resolvers docker resolve-prefer ipv4/, '');
  // a service's slots for its replicas (server-template) become its one local server
  for (const name of BACKENDS) cfg = cfg.replace(new RegExp(`server(-template)? ${name}( \\d+)? ${name}:\\d+`), `server ${name} 127.0.0.1:${ports[name]}`);
  return cfg;
}

describe('haproxy configs', () => {
  it('include the compose config', () => expect(configs).toContain('haproxy.compose.cfg'));

  it.each(configs)('haproxy -c accepts deploy/haproxy/%s', async (file) => {
    const env = localEnv(LOCAL_PORTS, '127.0.0.1', 8080, 8404);
    const r = await runTool(HAPROXY, ['-c', '-f', repoPath('deploy/haproxy', file)], { env });
    expect(r.code, r.stderr + r.stdout).toBe(0);
  });

  it('haproxy -c rejects a broken config (the check can fail)', async () => {
    const bad = brokenCopy('deploy/haproxy/haproxy.compose.cfg', 'default_backend web', 'default_backend nowhere');
    const r = await runTool(HAPROXY, ['-c', '-f', bad]);
    expect(r.code).not.toBe(0);
  });
});

describe.each(configs)('%s routing (haproxy run for real against stub backends)', (file) => {
  const stubs: Server[] = [];
  let proc: ChildProcess | undefined;
  let gateway = '';
  let stats = '';

  beforeAll(async () => {
    const ports: Record<string, number> = {};
    for (const name of BACKENDS) {
      // answers once the whole body is read, as the real services do (an answer to a body still arriving may reset it)
      const srv = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ backend: name, url: req.url, forwardedFor: req.headers['x-forwarded-for'] ?? null, requestId: req.headers['x-request-id'] ?? null, gateway: req.headers['x-marketshare-gateway'] ?? null }));
        });
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      ports[name] = (srv.address() as { port: number }).port;
      stubs.push(srv);
    }
    const [gwPort, statsPort] = [await freePort(), await freePort()];
    gateway = `http://127.0.0.1:${gwPort}`;
    stats = `http://127.0.0.1:${statsPort}`;
    const dir = mkdtempSync(join(tmpdir(), 'ms-haproxy-'));
    writeFileSync(join(dir, 'haproxy.cfg'), localised(file, ports, gwPort, statsPort));
    proc = spawn(HAPROXY, ['-db', '-f', join(dir, 'haproxy.cfg')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...localEnv(ports, '127.0.0.1', gwPort, statsPort) },
    });
    let stderr = '';
    proc.stderr?.on('data', (d) => (stderr += d));
    for (let i = 0; i < 100 && proc.exitCode === null; i++) {
      if (await fetch(`${stats}/metrics`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (proc.exitCode !== null) await new Promise((r) => setTimeout(r, 100)); // let stderr drain
    throw new Error(`haproxy did not start with deploy/haproxy/${file} (it needs about 2 × maxconn file descriptors; ` +
      `compare with \`ulimit -n\`):\n${stderr}`);
  });

  afterAll(async () => {
    proc?.kill('SIGTERM');
    for (const s of stubs) s.close();
  });

  const routed = async (path: string) => {
    const r = await fetch(gateway + path);
    return r.status === 200 ? ((await r.json()) as { backend: string }).backend : r.status;
  };

  it.each([
    ['/oauth/token', 'auth'], ['/.well-known/jwks.json', 'auth'], ['/api/docs', 'auth'], ['/api/docs/init.js', 'auth'], ['/api/openapi.json', 'auth'],
    ['/api/users', 'users'], ['/api/users/me', 'users'], ['/api/countries', 'users'], ['/api/banks', 'users'], ['/api/organizations', 'users'],
    ['/api/products?q=x', 'products'], ['/api/categories', 'products'], ['/images/a.png', 'products'],
    ['/api/orders/1', 'orders'], ['/api/reviews?productId=1', 'orders'], ['/api/analytics/me', 'orders'],
    ['/', 'web'], ['/products/5', 'web'], ['/api/usersx', 'web'], ['/_next/static/x.js', 'web'], ['/api/docsx', 'web'],
  ])('%s goes to %s', async (path, backend) => {
    expect(await routed(path)).toBe(backend);
  });

  it.each(['/internal/clients/verify', '/metrics', '/docs', '/docs/json', '/healthz', '/readyz'])('%s is never routed (404)', async (path) => {
    expect(await routed(path)).toBe(404);
  });

  it('adds X-Forwarded-For', async () => {
    const body = (await (await fetch(`${gateway}/api/banks`)).json()) as { forwardedFor: string };
    expect(body.forwardedFor).toBe('127.0.0.1');
  });

  it('gives each request an X-Request-ID, keeping one the caller sent', async () => {
    const ids = await Promise.all([1, 2].map(async () => ((await (await fetch(`${gateway}/api/banks`)).json()) as { requestId: string }).requestId));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const kept = await fetch(`${gateway}/api/banks`, { headers: { 'x-request-id': 'mine-1' } });
    expect(((await kept.json()) as { requestId: string }).requestId).toBe('mine-1');
  });

  it('marks requests as public, whatever the caller claims (auth refuses client_credentials on them)', async () => {
    for (const claimed of [undefined, 'internal', '']) {
      const res = await fetch(`${gateway}/oauth/token`, { headers: claimed === undefined ? {} : { 'x-marketshare-gateway': claimed } });
      expect(((await res.json()) as { gateway: string }).gateway).toBe('public');
    }
  });

  /** What the gateway answers to a request written by hand (headers only: a refusal needs no body). */
  const raw = (head: string) =>
    new Promise<string>((resolve, reject) => {
      const sock = connect(Number(new URL(gateway).port), '127.0.0.1', () => sock.write(`${head}\r\nHost: x\r\nConnection: close\r\n\r\n`));
      let data = '';
      sock.on('data', (d: Buffer) => (data += d.toString()));
      sock.on('end', () => resolve(data));
      sock.on('error', reject);
    });

  it('answers 400 to a target that is not a path (GET *), before any backend', async () => {
    expect(await raw('GET * HTTP/1.1')).toMatch(/^HTTP\/1\.[01] 400/);
  });

  it('limits server action bodies: 25 MB with a session, 1 MB without, and a length is required', async () => {
    const action = (length: number, cookie?: string) =>
      fetch(`${gateway}/products/new`, {
        method: 'POST',
        headers: { 'next-action': 'abc', 'content-type': 'text/plain', ...(cookie ? { cookie } : {}) },
        body: 'x'.repeat(length),
      }).then((r) => r.status);
    expect(await action(1000)).toBe(200);
    expect(await action(2 * 1024 * 1024, 'ms_access=t')).toBe(200);
    const declared = (length: number, cookie?: string) =>
      raw(`POST /products/new HTTP/1.1\r\nNext-Action: abc\r\nContent-Length: ${length}${cookie ? `\r\nCookie: ${cookie}` : ''}`);
    expect(await declared(2 * 1024 * 1024)).toMatch(/^HTTP\/1\.[01] 413/);
    expect(await declared(26 * 1024 * 1024, 'ms_refresh=t')).toMatch(/^HTTP\/1\.[01] 413/);
    expect(await raw('POST /products/new HTTP/1.1\r\nNext-Action: abc\r\nTransfer-Encoding: chunked')).toMatch(/^HTTP\/1\.[01] 400/);
  });

  it('lets only the product form, with a session, send the web app more than 1 MB, action or plain form', async () => {
    const post = (path: string, length: number, more = '') => raw(`POST ${path} HTTP/1.1\r\nContent-Length: ${length}${more}`);
    const session = '\r\nCookie: ms_access=t';
    const plainForm = await post('/login', 2 * 1024 * 1024); // a form posted without JavaScript
    expect(plainForm).toMatch(/^HTTP\/1\.[01] 413/);
    expect(plainForm).toContain('{"error":"payload_too_large",'); // the API's error body
    expect(await post('/login', 2 * 1024 * 1024, `${session}\r\nNext-Action: abc`)).toMatch(/^HTTP\/1\.[01] 413/);
    expect(await post('/products/1/edit', 2 * 1024 * 1024)).toMatch(/^HTTP\/1\.[01] 413/);
    const upload = (path: string) =>
      fetch(`${gateway}${path}`, { method: 'POST', headers: { cookie: 'ms_refresh=t' }, body: 'x'.repeat(2 * 1024 * 1024) }).then((r) => r.status);
    expect(await upload('/products/1/edit')).toBe(200);
    expect(await upload('/api/products/1/images')).toBe(200); // the API's own limits are the services'
  });

  it('exports its own Prometheus metrics on the stats port', async () => {
    const text = await (await fetch(`${stats}/metrics`)).text();
    expect(text).toMatch(/^haproxy_frontend_http_requests_total\{proxy="public"\}/m);
  });
});
