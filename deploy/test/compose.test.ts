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
        const hasCheck = !!compose.services[dep].healthcheck || existsSync(repoPath(`services/${dep}/Dockerfile`));
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
      expect(svc.build.dockerfile).toBe(`services/${name}/Dockerfile`);
      expect(svc.env_file).toContainEqual({ path: '.env', required: false });
      expect(svc.environment[`${name.toUpperCase()}_PORT`]).toBe(port);
      expect(svc.environment.AUTH_URL).toBe('http://auth:8040');
      expect(svc.environment.RABBITMQ_URL).toMatch(/@rabbitmq:5672$/);
      const dbUrl = svc.environment[`${name.toUpperCase()}_DATABASE_URL`];
      expect(dbUrl).toMatch(name === 'users' ? /^mysql:\/\/root:.*@mysql:3306\/marketshare_users$/ : new RegExp(`@postgres:5432/marketshare_${name}$`));
    }
    expect(compose.services.web.build.dockerfile).toBe('web/Dockerfile');
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

describe('Dockerfiles', () => {
  const base = readText('deploy/docker/node-base.Dockerfile');
  it('the shared base is multi-stage: npm ci and build, production dependencies only, non-root', () => {
    expect(base.match(/^FROM node:20-slim AS \w+/gm)?.length).toBe(2);
    expect(base).toMatch(/^RUN npm ci$/m);
    expect(base).toMatch(/^RUN npm run build$/m);
    expect(base).toMatch(/npm prune --omit=dev/);
    expect(base).toMatch(/^USER 1000:1000$/m);
    expect(base).toMatch(/HEALTHCHECK[^]*fetch\(process\.env\.HEALTHCHECK_URL\)/);
  });

  it.each(Object.entries(APPS))('services/%s/Dockerfile starts from the base, health-checks its /healthz and runs dist/main.js', (name, port) => {
    const f = readText(`services/${name}/Dockerfile`);
    expect(f).toMatch(/^FROM \$\{BASE_IMAGE\}$/m);
    expect(f).toContain(`EXPOSE ${port}`);
    expect(f).toContain(`HEALTHCHECK_URL=http://127.0.0.1:${port}/healthz`);
    expect(f).toContain(`CMD ["node", "services/${name}/dist/main.js"]`);
  });

  it('web builds with next build and runs next start on 3000 as a non-root user', () => {
    const f = readText('web/Dockerfile');
    expect(f).toMatch(/npm run build -w web/);
    expect(f).toMatch(/^USER 1000:1000$/m);
    expect(f).toMatch(/HEALTHCHECK[^]*\/healthz/);
    expect(f).toContain('"start", "--port", "3000"');
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const ignore = readText('.dockerignore').split('\n');
    for (const p of ['.git', '**/node_modules', '**/dist', '.env', '.data']) expect(ignore).toContain(p);
  });
});
