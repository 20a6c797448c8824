import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startStack, type ServiceName, type Stack } from '@marketshare/test-env';
import { readText } from './helpers.js';

// The integrators' OpenAPI document (served by auth, routed at /api/openapi.json) against what really exists: the
// routes the running services register (each service's own /docs/json lists every route but health, metrics and
// docs) and what the gateway configs route to them. The document must list exactly the public ones.

const SERVICES: ServiceName[] = ['auth', 'users', 'products', 'orders'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
type Doc = { paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>> };

/** The backend an HAProxy config sends a path to, or undefined when it never routes it (off_gateway). */
function gatewayOf(file: string): (path: string) => string | undefined {
  const cfg = readText(`deploy/haproxy/${file}`);
  const acls = new Map([...cfg.matchAll(/^\s*acl (\w+)\s+path_reg (\S+)$/gm)].map((m) => [m[1]!, new RegExp(m[2]!)]));
  const uses = [...cfg.matchAll(/^\s*use_backend (\w+) if (\w+)$/gm)].map((m) => ({ backend: m[1]!, acl: acls.get(m[2]!)! }));
  const fallback = /^\s*default_backend (\w+)$/m.exec(cfg)![1];
  return (path) => (acls.get('off_gateway')!.test(path) ? undefined : (uses.find((u) => u.acl.test(path))?.backend ?? fallback));
}
const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
const samplePath = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'file' ? `${'0'.repeat(32)}.png` : '1'));

let stack: Stack;
let doc: Doc;
const registered = new Map<string, ServiceName>();

beforeAll(async () => {
  stack = await startStack({ services: SERVICES });
  for (const service of SERVICES) {
    const own = (await http<Doc>('GET', `${stack.url(service)}/docs/json`)).body;
    for (const op of operations(own)) registered.set(op, service);
  }
  doc = (await http<Doc>('GET', `${stack.url('auth')}/api/openapi.json`)).body;
});
afterAll(() => stack?.stop());

describe('the OpenAPI document for integrators', () => {
  it.each(['haproxy.cfg', 'haproxy.compose.cfg'])('lists exactly the routes %s sends to a service', (file) => {
    const gateway = gatewayOf(file);
    const publicRoutes = [...registered].filter(([op, service]) => gateway(samplePath(op.split(' ')[1]!)) === service).map(([op]) => op);
    expect(publicRoutes.length).toBeGreaterThan(20);
    expect(operations(doc).sort()).toEqual(publicRoutes.sort());
    // and the gateway sends each of them to the service that registered it
    for (const op of operations(doc)) expect(gateway(samplePath(op.split(' ')[1]!)), op).toBe(registered.get(op));
  });

  it('lists no /internal endpoint, though the services do have them', () => {
    expect(operations(doc).filter((op) => op.includes('/internal'))).toEqual([]);
    expect([...registered.keys()].filter((op) => op.includes('/internal')).length).toBeGreaterThan(5);
  });

  it('names the OAuth 2 security of every operation that refuses a caller without credentials', async () => {
    let protectedOps = 0;
    for (const op of operations(doc)) {
      const [method, path] = op.split(' ') as [string, string];
      const service = registered.get(op)!;
      const res = await fetch(stack.url(service) + samplePath(path), { method, redirect: 'manual' });
      const security = doc.paths[path]![method.toLowerCase()]!.security;
      expect(security, op).toBeDefined();
      if (res.status === 401) {
        protectedOps++;
        expect(security!.length, op).toBeGreaterThan(0);
        expect(security!.every((s) => Object.keys(s).length > 0), `${op} must not allow anonymous calls`).toBe(true);
        if (!path.startsWith('/oauth') && path !== '/api/users') expect(security, op).toContainEqual({ oauth2: ['user'] });
      } else if (res.status < 400 || res.status === 404) {
        // answered a caller without credentials: the document must say that needs none
        expect(security!.length === 0 || security!.some((s) => Object.keys(s).length === 0), op).toBe(true);
      }
    }
    expect(protectedOps).toBeGreaterThan(5);
  });

  it('describes both ways to publish a product: the fields as JSON, or a form with them in a part beside the images', () => {
    const create = (doc.paths['/api/products']!.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } })
      .requestBody.content;
    expect(Object.keys(create)).toEqual(['application/json', 'multipart/form-data']);
    expect(Object.keys(create['multipart/form-data']!.schema.properties)).toEqual(['product', 'file']);
    expect(create['multipart/form-data']!.schema.properties.product).toEqual(create['application/json']!.schema);
  });

  it('is the one served at /api/docs through Swagger UI', async () => {
    const page = await fetch(`${stack.url('auth')}/api/docs`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const init = await (await fetch(`${stack.url('auth')}/api/docs/init.js`)).text();
    expect(init).toContain("url: '/api/openapi.json'");
    const bundle = await fetch(`${stack.url('auth')}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
  });
});
