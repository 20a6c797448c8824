import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServiceEnvs, expandK8sValue, imageEnv, interpolateCompose, k8sContainerEnv, type Env, type ImageBuild } from './deployment-env.js';
import { readText, readYaml, repoPath } from './helpers.js';
import { kustomize, workloads, type K8sObject } from './k8s-build.js';

// Every service's built entry point, started with exactly the environment each deployment file gives it, must get
// past its configuration check (which exits 78 naming the variables it refuses). Hosts of the deployment (postgres,
// mysql, rabbitmq...) do not exist here, so a service that accepted its configuration stops later, trying to reach
// one; that is told apart from a refusal and reported.

const SERVICES = readdirSync(repoPath('services')).filter((d) => existsSync(repoPath('services', d, 'src/main.ts')));
const SOURCES = ['compose.yaml', 'deploy/k8s/base', 'deploy/k8s/overlays/minikube'] as const;
type Source = (typeof SOURCES)[number];

interface Outcome {
  accepted: boolean;
  code: number | null;
  detail: string;
}

// After its configuration a service opens its database or volume first: these failures mean it got that far.
const LATER_FAILURE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH)\b|\b(EACCES|EROFS)\b[^\n]*mkdir/;

/** Whether a user who is neither owner nor group can reach `dir`: every folder on the way lets others through. */
function othersCanEnter(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (d === dirname(d)) return true;
  }
}

/**
 * Runs `services/<name>/dist/main.js` with `env` and nothing else (the deployment's variables over its image's ENV;
 * no PATH or HOME of this machine), as an unprivileged user in an empty folder so nothing it does touches this machine.
 */
function startWith(service: string, env: Env, waitMs = 15_000): Promise<Outcome> {
  const entry = repoPath('services', service, 'dist/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npx tsc -b)`);
  // A checkout under /root (the newcomer's container) cannot be entered by nobody: there it runs as root, still in an
  // empty folder with nothing but the deployment's environment.
  const asNobody = process.getuid?.() === 0 && othersCanEnter(dirname(entry)) ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(process.execPath, [entry], { env, cwd: mkdtempSync(join(tmpdir(), 'ms-env-')), stdio: ['ignore', 'pipe', 'pipe'], ...asNobody });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), waitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const refusal = /Invalid configuration:\n((?:\s+- .*\n?)+)/.exec(out);
      if (code === 78 || refusal) {
        resolve({ accepted: false, code, detail: (refusal?.[1] ?? out).trim().replace(/\s*\n\s*/g, '; ') });
      } else if (code === null) {
        resolve({ accepted: true, code, detail: `still running after ${waitMs / 1000} s` });
      } else {
        const later = LATER_FAILURE.exec(out);
        const host = /hostname: '([^']+)'/.exec(out)?.[1];
        const path = /path: '([^']+)'/.exec(out)?.[1];
        resolve({
          accepted: !!later,
          code,
          detail: later
            ? `configuration accepted; then ${later[1] ?? later[2]}${host ? ` reaching ${host} (no such host here)` : ''}${
              path ? ` creating ${path} (a volume of the deployment, not mounted here)` : ''}`
            : `exited ${code} for another reason:\n${out.slice(-2000)}`,
        });
      }
    });
  });
}

// How each image tag is built, as compose.yaml builds them (the cluster runs the same tags).
const compose = readYaml<{ services: Record<string, any> }>('compose.yaml');
const IMAGES: Record<string, ImageBuild> = Object.fromEntries(Object.values(compose.services).filter((s) => s.image && s.build)
  .map((s) => [s.image as string, {
    dockerfile: s.build.dockerfile ?? 'Dockerfile',
    target: s.build.target,
    args: Object.fromEntries(Object.entries(s.build.args ?? {}).map(([k, v]) => [k, String(v)])),
    contexts: Object.fromEntries(Object.entries<string>(s.build.additional_contexts ?? {})
      .filter(([, v]) => v.startsWith('service:')).map(([k, v]) => [k, compose.services[v.slice('service:'.length)].image])),
  }]));
/** A container's environment: its image's ENV, overridden by what the deployment sets. */
const withImageEnv = (image: string, env: Env): Env => ({ ...(IMAGES[image] ? imageEnv(IMAGES[image], IMAGES, readText) : {}), ...env });

/** Each service's environment per deployment file, keyed by service name. */
async function deploymentEnvs(source: Source): Promise<Record<string, Env>> {
  if (source === 'compose.yaml') {
    // no shell variables and no .env: the project folder is an empty one, so `env_file: .env` (optional) is absent
    const all = composeServiceEnvs(compose, {}, mkdtempSync(join(tmpdir(), 'ms-compose-')));
    return Object.fromEntries(Object.keys(all).map((s) => [s, withImageEnv(compose.services[s].image, all[s])]));
  }
  const objs = await kustomize(source);
  const envs: Record<string, Env> = {};
  for (const w of workloads(objs)) {
    for (const c of w.spec.template.spec.containers) {
      const m = /^marketshare\/([a-z-]+):/.exec(c.image);
      if (m) envs[m[1]] = withImageEnv(c.image, k8sContainerEnv(objs, w, c));
    }
  }
  return envs;
}

const envs = {} as Record<Source, Record<string, Env>>;
const table: string[] = [];

beforeAll(async () => {
  for (const s of SOURCES) envs[s] = await deploymentEnvs(s);
}, 60_000);

afterAll(() => {
  if (table.length) console.log(`environment test (${new Date().toISOString()}):\n${table.sort().join('\n')}`);
});

describe.each(SOURCES)('the environment %s gives', (source) => {
  it('names every service of services/', () => {
    expect(Object.keys(envs[source]).sort()).toEqual(expect.arrayContaining(SERVICES));
  });

  it.each(SERVICES)('%s: accepted at start-up by its built entry point', async (service) => {
    const outcome = await startWith(service, envs[source][service]);
    table.push(`${source.padEnd(28)} ${service.padEnd(9)} ${outcome.accepted ? 'accepted' : 'REFUSED '} ${outcome.detail}`);
    expect(outcome.accepted, `${source} ${service}: exit ${outcome.code}: ${outcome.detail}`).toBe(true);
  });

  it('sets every variable whose default only makes sense on a developer machine (a loopback URL)', async () => {
    const missing: string[] = [];
    for (const service of SERVICES) {
      for (const name of await loopbackDefaults(service)) if (!envs[source][service]?.[name]) missing.push(`${service}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});

/** Variables of a service's configuration schema whose default points at this machine (127.0.0.1 or localhost). */
async function loopbackDefaults(service: string): Promise<string[]> {
  const mod = (await import(/* @vite-ignore */ repoPath('services', service, 'dist/config.js'))) as Record<string, any>;
  const schema = Object.values(mod).find((v) => v?.type === 'object' && v.properties);
  if (!schema) throw new Error(`services/${service}/dist/config.js exports no configuration schema`);
  return Object.entries<any>(schema.properties)
    .filter(([, p]) => typeof p.default === 'string' && /\/\/(127\.0\.0\.1|localhost)\b/.test(p.default))
    .map(([name]) => name);
}

// The web app does not validate its environment: it falls back to a local default for each variable it reads.
// Those defaults are right only on a developer machine, so every deployment must set each of them.
describe('web: its deployments set every variable it would otherwise take from a local default', () => {
  const webVars = [...readText('web/src/lib/config.ts').matchAll(/env\('([A-Z_]+)', '([^']*)'\)/g)]
    .filter(([, name, fallback]) => /\/\/(127\.0\.0\.1|localhost)\b/.test(fallback) || /SECRET/.test(name))
    .map(([, name]) => name);

  it('finds the variables in web/src/lib/config.ts', () => {
    expect(webVars).toEqual(expect.arrayContaining(['AUTH_URL', 'WEB_CLIENT_SECRET']));
  });

  it.each(SOURCES)('%s', async (source) => {
    const env = (await deploymentEnvs(source)).web;
    expect(webVars.filter((v) => !env?.[v])).toEqual([]);
  });
});

describe('the environment check can fail', () => {
  it('a secret a service needs, left out, is a refusal naming it', async () => {
    const env = { ...envs['deploy/k8s/overlays/minikube'].orders };
    delete env.ORDERS_CLIENT_SECRET;
    const outcome = await startWith('orders', env);
    expect(outcome).toMatchObject({ accepted: false, code: 78 });
    expect(outcome.detail).toMatch(/ORDERS_CLIENT_SECRET/);
  });

  it('a Secret key a Deployment names but the Secret lacks stops the container before it starts', async () => {
    const objs = structuredClone(await kustomize('deploy/k8s/overlays/minikube')) as K8sObject[];
    const secret = objs.find((o) => o.kind === 'Secret' && o.metadata.name === 'marketshare-secrets')!;
    delete secret.data.ORDERS_CLIENT_SECRET;
    const orders = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'orders')!;
    expect(() => k8sContainerEnv(objs, orders, orders.spec.template.spec.containers[0])).toThrow(/ORDERS_CLIENT_SECRET/);
  });

  it('includes the image ENV under the deployment: NODE_ENV, and build arguments substituted', () => {
    const env = withImageEnv('marketshare/auth:local', {});
    expect(env.NODE_ENV).toBe('production');
    expect(env.HEALTHCHECK_URL).toBe('http://127.0.0.1:8040/healthz');
    expect(withImageEnv('marketshare/auth:local', { NODE_ENV: 'x' }).NODE_ENV).toBe('x');
  });

  it('resolves $(VAR) and ${VAR:-default} as the runtimes do', () => {
    expect(expandK8sValue('a:$(P)@h $(UNKNOWN) $$(P)', { P: 's3' })).toBe('a:s3@h $(UNKNOWN) $(P)');
    expect(interpolateCompose('${A:-x}|${A-y}|${B:-${C:-z}}|$$A|${B:+set}', { A: '', B: 'b' })).toBe('x||b|$A|set');
    expect(() => interpolateCompose('${NEED:?set NEED}', {})).toThrow(/NEED/);
  });
});
