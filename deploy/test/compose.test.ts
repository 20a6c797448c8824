import { Ajv } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readText, readYaml, repoPath } from './helpers.js';

// (b) compose.yaml against the Compose Specification's JSON schema, as shipped inside the dclint npm package.

// dclint's package exports hide the file: find the installed package (hoisted or under deploy/) by its folder.
const schemaPath = ['node_modules', 'deploy/node_modules']
  .map((dir) => repoPath(dir, 'dclint/schemas/compose.schema.json'))
  .find((p) => existsSync(p));
if (!schemaPath) throw new Error('dclint is not installed: run npm ci (it is a dependency of @marketshare/deploy)');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
delete schema.$schema; // draft-07 under an https URL that ajv does not register; the schema itself is draft-07
const validateCompose = new Ajv({ allErrors: true, strict: false }).compile(schema);

const REQUIRED = ['gateway', 'web', 'auth', 'users', 'products', 'orders', 'emails', 'mysql', 'postgres', 'rabbitmq',
  'maildev', 'prometheus', 'alertmanager', 'grafana'];
const APPS: Record<string, number> = { auth: 8040, users: 8070, products: 8060, orders: 8050, emails: 8030 };

type Compose = { services: Record<string, any>; volumes: Record<string, unknown> };
const compose = readYaml<Compose>('compose.yaml');

describe('compose.yaml', () => {
  it('validates against the compose-spec JSON schema', () => {
    expect(validateCompose(compose), JSON.stringify(validateCompose.errors, null, 1)).toBe(true);
  });

  it('the schema check can fail', () => {
    const broken = structuredClone(compose);
    broken.services.auth.depends_on.postgres.condition = 'service_ready';
    broken.services.web.healthchek = {};
    expect(validateCompose(broken)).toBe(false);
  });

  it('needs no .env: every ${VAR} it interpolates has a local default', () => {
    const text = readText('compose.yaml').split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    const refs = [...text.matchAll(/\$\{([A-Za-z_]\w*)([^}]*)\}|\$([A-Za-z_]\w*)/g)];
    expect(refs.length).toBeGreaterThan(10);
    const withoutDefault = refs.filter((m) => m[3] || !/^:?-/.test(m[2])).map((m) => m[0]);
    expect(withoutDefault).toEqual([]);
  });

  it('names every service of the stack', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(REQUIRED));
  });

  it('depends_on conditions refer to services that have the health checks they wait for', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const [dep, cond] of Object.entries<any>(svc.depends_on ?? {})) {
        expect(compose.services[dep], `${name} -> ${dep}`).toBeTruthy();
        const dockerfile = compose.services[dep].build?.dockerfile;
        const hasCheck = !!compose.services[dep].healthcheck || (!!dockerfile && /^HEALTHCHECK /m.test(readText(dockerfile)));
        if (cond.condition === 'service_healthy') expect(hasCheck, `${dep} has a health check`).toBe(true);
      }
    }
    for (const s of ['mysql', 'postgres', 'rabbitmq', 'maildev', 'prometheus', 'alertmanager', 'grafana', 'gateway']) {
      expect(compose.services[s].healthcheck?.test, s).toBeTruthy();
    }
  });

  it('services build from their Dockerfiles, read .env and reach each other by compose name', () => {
    for (const [name, port] of Object.entries(APPS)) {
      const svc = compose.services[name];
      expect(svc.build).toMatchObject({ context: '.', dockerfile: 'deploy/docker/node.Dockerfile', target: 'service', args: { SERVICE: name, PORT: String(port) } });
      expect(svc.env_file).toContainEqual({ path: '.env', required: false });
      expect(svc.environment[`${name.toUpperCase()}_PORT`]).toBe(port);
      expect(svc.environment.AUTH_URL).toBe('http://auth:8040');
      expect(svc.environment.RABBITMQ_URL).toMatch(/@rabbitmq:5672$/);
      const dbUrl = svc.environment[`${name.toUpperCase()}_DATABASE_URL`];
      expect(dbUrl).toMatch(name === 'users' ? /^mysql:\/\/root:.*@mysql:3306\/marketshare_users$/ : new RegExp(`@postgres:5432/marketshare_${name}$`));
    }
    expect(compose.services.web.build).toMatchObject({ dockerfile: 'deploy/docker/node.Dockerfile', target: 'web' });
    expect(compose.services.gateway).toMatchObject({ image: 'marketshare/gateway:local', build: { dockerfile: 'deploy/docker/gateway.Dockerfile' } });
    expect(compose.services.products.volumes).toContain('product-images:/data/images');
  });

  it('declares the named volumes and mounts files that exist', () => {
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['mysql', 'postgres', 'rabbitmq', 'product-images']));
    for (const svc of Object.values(compose.services)) {
      for (const v of svc.volumes ?? []) {
        const [src] = String(v).split(':');
        if (src.startsWith('./')) expect(existsSync(repoPath(src)), src).toBe(true);
        else expect(compose.volumes, src).toHaveProperty([src]);
      }
    }
  });
});

// The images themselves are built, started and driven through a whole journey by e2e/containers/images.test.ts;
// these are the promises a reader of the Dockerfiles relies on.
describe('Dockerfiles', () => {
  const node = readText('deploy/docker/node.Dockerfile');
  const gateway = readText('deploy/docker/gateway.Dockerfile');

  it('default to the official bases; BASE_IMAGE selects another', () => {
    expect(node).toMatch(/^ARG BASE_IMAGE=node:20-slim$/m);
    expect(gateway).toMatch(/^ARG BASE_IMAGE=debian:bookworm-slim$/m);
    for (const f of [node, gateway]) expect(f.match(/^FROM \S+/gm)?.every((l) => /^FROM (\$\{BASE_IMAGE\}|build-\w+)$/.test(l))).toBe(true);
  });

  it('install dependencies from the manifests alone, before any source is copied, with an npm cache mount', () => {
    const install = node.indexOf('npm ci --ignore-scripts');
    expect(install).toBeGreaterThan(node.indexOf('COPY --from=manifests'));
    expect(install).toBeLessThan(node.indexOf('COPY packages packages'));
    expect(node).toMatch(/--mount=type=cache,target=\/root\/\.npm npm ci --ignore-scripts$/m);
    expect(node).toMatch(/npm ci --omit=dev --ignore-scripts --workspace="services\/\$\{SERVICE\}"/);
  });

  it('run as the non-root uid 1000 (the gateway as Debian\'s haproxy user), with a health check', () => {
    expect(node.match(/^USER 1000:1000$/gm)?.length).toBe(2);
    expect(node.match(/^HEALTHCHECK /gm)?.length).toBe(2);
    // both start through the entry point that sizes Node's heap from the container's memory limit
    expect(node.match(/^ENTRYPOINT \["\/usr\/local\/bin\/node-entry"\]$/gm)?.length).toBe(2);
    expect(gateway).toMatch(/^USER haproxy$/m);
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const ignore = readText('.dockerignore').split('\n');
    for (const p of ['.git', '**/node_modules', '**/dist', '**/.env', '**/*.env', '**/.data']) expect(ignore).toContain(p);
  });
});
