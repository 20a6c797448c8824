import { existsSync } from 'node:fs';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { crdSchemas } from './crd-schemas.js';
// @ts-expect-error a plain script of the deployment, without type declarations
import { SECRET_FILES, SECRET_KEYS } from '../k8s/make-secrets.mjs';
import { readText, repoPath, runTool } from './helpers.js';
import { k8sContainerEnv } from './deployment-env.js';
import { findObject as find, kustomize as build, workloads, type K8sObject } from './k8s-build.js';

// (a) The minikube overlay builds with `kubectl kustomize` and every object validates offline.

const STATELESS = ['auth', 'users', 'products', 'orders', 'emails', 'web'];
const PORTS: Record<string, number> = { auth: 8040, users: 8070, products: 8060, orders: 8050, emails: 8030, web: 3000 };

const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = Object.fromEntries(Object.entries(crdSchemas).map(([k, s]) => [k, ajv.compile(s)]));

/** Validates one object: kubernetes-models for built-in kinds, our JSON schemas for CRDs; unknown kinds fail. */
async function validate(obj: K8sObject): Promise<void> {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const crd = crdValidators[key];
  if (crd) {
    if (!crd(obj as unknown)) throw new Error(`${key} ${obj.metadata?.name}: ${ajv.errorsText(crd.errors)}`);
    return;
  }
  let Model: new (o: K8sObject) => { validate(): void };
  try {
    const specifier = `kubernetes-models/${obj.apiVersion}/${obj.kind}`;
    const mod = await import(/* @vite-ignore */ specifier);
    Model = mod[obj.kind];
  } catch {
    throw new Error(`no schema for ${key} (neither kubernetes-models nor deploy/test/crd-schemas.ts)`);
  }
  new Model(obj).validate();
}

describe('kubernetes: minikube overlay', () => {
  let objs: K8sObject[] = [];
  beforeAll(async () => {
    objs = await build('deploy/k8s/overlays/minikube');
  });

  it('builds with kubectl kustomize into the expected kinds', () => {
    const kinds = new Set(objs.map((o) => o.kind));
    for (const k of ['Namespace', 'Deployment', 'Service', 'StatefulSet', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
      'PersistentVolumeClaim', 'ConfigMap', 'Secret', 'GatewayClass', 'Gateway', 'HTTPRoute', 'AuthorizationPolicy']) {
      expect(kinds, k).toContain(k);
    }
  });

  it('every object validates against its schema', async () => {
    const failures: string[] = [];
    for (const o of objs) await validate(o).catch((e: Error) => failures.push(e.message));
    expect(failures).toEqual([]);
  });

  it('the validators reject broken objects (the check can fail)', async () => {
    const dep = structuredClone(find(objs, 'Deployment', 'auth')!);
    dep.spec.template.spec.containers[0].ports[0].containerPort = 'eighty';
    await expect(validate(dep)).rejects.toThrow(/containerPort/);
    const route = structuredClone(find(objs, 'HTTPRoute', 'users')!);
    route.spec.rules[0].matches[0].path.value = 'api/users';
    await expect(validate(route)).rejects.toThrow(/pattern/);
    await expect(validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).rejects.toThrow(/no schema/);
  });

  it('every Deployment and StatefulSet container has readiness and liveness probes and resource limits', () => {
    const workloads = objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    expect(workloads.length).toBeGreaterThanOrEqual(12);
    for (const w of workloads) {
      for (const c of w.spec.template.spec.containers) {
        const where = `${w.kind} ${w.metadata.name}/${c.name}`;
        expect(c.readinessProbe, `${where} readinessProbe`).toBeTruthy();
        expect(c.livenessProbe, `${where} livenessProbe`).toBeTruthy();
        expect(c.resources?.limits?.cpu, `${where} cpu limit`).toBeTruthy();
        expect(c.resources?.limits?.memory, `${where} memory limit`).toBeTruthy();
        expect(c.resources?.requests?.memory, `${where} memory request`).toBeTruthy();
        expect(c.securityContext?.allowPrivilegeEscalation, `${where} allowPrivilegeEscalation`).toBe(false);
        expect(c.securityContext?.capabilities?.drop, `${where} drops capabilities`).toContain('ALL');
      }
      expect(w.spec.template.spec.securityContext?.runAsNonRoot, `${w.metadata.name} runAsNonRoot`).toBe(true);
    }
  });

  it('each app runs its image with /readyz and /healthz probes, a read-only root, an HPA and a PDB', () => {
    for (const name of STATELESS) {
      const d = find(objs, 'Deployment', name)!;
      expect(d, name).toBeTruthy();
      const c = d.spec.template.spec.containers[0];
      expect(c.image).toBe(`marketshare/${name}:local`);
      expect(c.imagePullPolicy).toBe('Never');
      expect(c.ports[0]).toMatchObject({ name: 'http', containerPort: PORTS[name] });
      expect(c.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
      expect(c.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      const hpa = find(objs, 'HorizontalPodAutoscaler', name)!;
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
      const pdb = find(objs, 'PodDisruptionBudget', name)!;
      expect(pdb.spec.selector.matchLabels).toEqual(d.spec.selector.matchLabels);
      expect(find(objs, 'Service', name), `Service ${name}`).toSatisfy((s) => (name === 'emails' ? !s : !!s));
    }
  });

  it('commits no secret: the Secret is generated with random values from a file git ignores', async () => {
    // A copied tree without git (the newcomer's container) has no commits to check; the Secret below still is.
    const gitCheckout = existsSync(repoPath('.git'));
    for (const rel of gitCheckout ? Object.keys(SECRET_FILES) : []) {
      expect((await runTool('git', ['ls-files', `deploy/k8s/${rel}`], { cwd: repoPath() })).stdout.trim(), rel).toBe('');
      expect((await runTool('git', ['check-ignore', '-q', `deploy/k8s/${rel}`], { cwd: repoPath() })).code, `${rel} is git-ignored`).toBe(0);
    }
    const secret = find(objs, 'Secret', 'marketshare-secrets')!;
    expect(secret.stringData).toBeUndefined();
    for (const key of SECRET_KEYS as string[]) expect(Buffer.from(secret.data[key], 'base64').toString()).toMatch(/^[0-9a-f]{32}$/);
    // connection URLs are composed in the Deployments from the password entries defined before them
    const users = find(objs, 'Deployment', 'users')!.spec.template.spec.containers[0].env as { name: string; value?: string }[];
    const names = users.map((e) => e.name);
    expect(users.find((e) => e.name === 'USERS_DATABASE_URL')!.value).toContain('$(MYSQL_ROOT_PASSWORD)');
    expect(names.indexOf('MYSQL_ROOT_PASSWORD')).toBeLessThan(names.indexOf('USERS_DATABASE_URL'));
  });

  it('secrets and config come from objects that exist, and each secret key is defined', () => {
    const config = find(objs, 'ConfigMap', 'marketshare-config')!;
    // k8sContainerEnv throws where the kubelet would refuse to create the container (a missing object or key)
    for (const w of workloads(objs)) for (const c of w.spec.template.spec.containers) k8sContainerEnv(objs, w, c);
    expect(config.data.IMAGES_DIR).toBe('/data/images');
    const products = find(objs, 'Deployment', 'products')!.spec.template.spec;
    const mount = products.containers[0].volumeMounts.find((m: any) => m.mountPath === config.data.IMAGES_DIR);
    const volume = products.volumes.find((v: any) => v.name === mount?.name);
    expect(volume?.persistentVolumeClaim?.claimName).toBe('product-images');
    expect(find(objs, 'PersistentVolumeClaim', 'product-images')).toBeTruthy();
  });

  it('MariaDB, PostgreSQL and RabbitMQ are StatefulSets with volume claims', () => {
    for (const name of ['mysql', 'postgres', 'rabbitmq']) {
      const s = find(objs, 'StatefulSet', name)!;
      expect(s, name).toBeTruthy();
      expect(s.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBeTruthy();
      expect(find(objs, 'Service', name)?.spec.clusterIP).toBe('None');
    }
  });

  it('namespaces are meshed by linkerd and grafana may read linkerd-viz prometheus', () => {
    for (const ns of ['marketshare', 'grafana']) {
      expect(find(objs, 'Namespace', ns, '')?.metadata.annotations?.['linkerd.io/inject']).toBe('enabled');
    }
    const policy = find(objs, 'AuthorizationPolicy', 'grafana', 'linkerd-viz')!;
    expect(policy.spec.targetRef).toEqual({ group: 'policy.linkerd.io', kind: 'Server', name: 'prometheus-admin' });
    const authn = policy.spec.requiredAuthenticationRefs.map((r: any) =>
      r.kind === 'ServiceAccount' ? r : find(objs, r.kind, r.name, r.namespace ?? 'linkerd-viz')?.spec.identityRefs[0]);
    expect(authn).toContainEqual(expect.objectContaining({ kind: 'ServiceAccount', name: 'grafana', namespace: 'grafana' }));
    expect(find(objs, 'ServiceAccount', 'grafana', 'grafana')).toBeTruthy();
    expect(find(objs, 'Deployment', 'grafana', 'grafana')?.spec.template.spec.serviceAccountName).toBe('grafana');
    // Grafana's admin password is the generated one of the Secret grafana-admin, never Grafana's default
    const grafana = find(objs, 'Deployment', 'grafana', 'grafana')!;
    const env = k8sContainerEnv(objs, grafana, grafana.spec.template.spec.containers[0]);
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^[0-9a-f]{32}$/);
  });

  it('every meshed workload gives the linkerd proxy CPU and memory requests and limits, so CPU HPAs can compute', () => {
    const meshedNs = new Set(objs.filter((o) => o.kind === 'Namespace' && o.metadata.annotations?.['linkerd.io/inject'] === 'enabled')
      .map((o) => o.metadata.name));
    const meshed = workloads(objs).filter((w) => {
      const inject = w.spec.template.metadata.annotations?.['linkerd.io/inject'];
      return inject === 'enabled' || (inject !== 'disabled' && meshedNs.has(w.metadata.namespace));
    });
    expect(meshed.length).toBeGreaterThanOrEqual(13);
    const quantity = (q: string) => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : q.endsWith('Mi') ? Number(q.slice(0, -2)) : Number(q));
    for (const w of meshed) {
      const a = w.spec.template.metadata.annotations ?? {};
      for (const r of ['cpu', 'memory']) {
        const request = a[`config.linkerd.io/proxy-${r}-request`];
        const limit = a[`config.linkerd.io/proxy-${r}-limit`];
        expect(request && limit, `${w.metadata.name}: proxy ${r} request and limit`).toBeTruthy();
        expect(quantity(request), `${w.metadata.name}: ${r} ${request} <= ${limit}`).toBeLessThanOrEqual(quantity(limit));
      }
    }
    for (const hpa of objs.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
      expect(meshed.map((w) => w.metadata.name), `HPA ${hpa.metadata.name} targets a workload checked above`).toContain(hpa.spec.scaleTargetRef.name);
    }
  });

  it('the Gateway on port 80, served by HAProxy Ingress, routes every public prefix to the right Service port', () => {
    const gc = find(objs, 'GatewayClass', 'haproxy', '')!;
    // HAProxy Ingress serves HTTPRoute; the HAProxy Kubernetes Ingress Controller (haproxy.org/...) only TCPRoute
    expect(gc.spec.controllerName).toBe('haproxy-ingress.github.io/controller');
    const gw = objs.find((o) => o.kind === 'Gateway')!;
    expect(gw.spec.gatewayClassName).toBe('haproxy');
    expect(gw.spec.listeners.map((l: any) => l.port)).toContain(80);
    const routes: Record<string, string> = {};
    for (const r of objs.filter((o) => o.kind === 'HTTPRoute')) {
      expect(r.spec.parentRefs[0].name).toBe(gw.metadata.name);
      for (const rule of r.spec.rules) {
        const backend = rule.backendRefs?.[0];
        if (!backend) continue;
        const svc = find(objs, 'Service', backend.name)!;
        expect(svc?.spec.ports.map((p: any) => p.port), `${backend.name}:${backend.port}`).toContain(backend.port);
        for (const m of rule.matches) routes[m.path.value] = `${backend.name}:${backend.port}`;
      }
    }
    expect(routes).toEqual({
      '/oauth': 'auth:8040', '/.well-known': 'auth:8040', '/api/docs': 'auth:8040', '/api/openapi.json': 'auth:8040',
      '/api/users': 'users:8070', '/api/countries': 'users:8070', '/api/banks': 'users:8070', '/api/organizations': 'users:8070',
      '/api/products': 'products:8060', '/api/categories': 'products:8060', '/images': 'products:8060',
      '/api/orders': 'orders:8050', '/api/reviews': 'orders:8050', '/api/analytics': 'orders:8050',
      '/': 'web:3000',
    });
  });

  it('the routes hide every path the local gateway hides, and still serve the public ones', () => {
    // deploy/haproxy's compose gateway: `acl off_gateway path_reg ^/(internal|metrics|...)(/|$)`, denied with 404
    const acl = /acl off_gateway path_reg \^\/\(([^)]+)\)/.exec(readText('deploy/haproxy/haproxy.compose.cfg'));
    const hidden = acl![1].split('|');
    expect(hidden).toEqual(expect.arrayContaining(['internal', 'metrics', 'healthz', 'readyz']));
    const routes = objs.filter((o) => o.kind === 'HTTPRoute');
    for (const name of hidden) {
      for (const path of [`/${name}`, `/${name}/`, `/${name}/users/1/revoke-tokens`]) {
        expect(routeFor(routes, path), path).toBeNull();
      }
    }
    expect(routeFor(routes, '/')).toBe('web:3000');
    expect(routeFor(routes, '/healthzx')).toBe('web:3000');
    expect(routeFor(routes, '/products/12')).toBe('web:3000');
    expect(routeFor(routes, '/api/orders/3')).toBe('orders:8050');
    expect(routeFor(routes, '/images/a.webp')).toBe('products:8060');
  });

  it('prometheus (data on a PVC) and grafana get their config and dashboard from deploy/observability', () => {
    const promPod = find(objs, 'Deployment', 'prometheus')!.spec.template.spec;
    const tsdb = promPod.containers[0].volumeMounts.find((m: any) => m.mountPath === '/prometheus');
    const claim = promPod.volumes.find((v: any) => v.name === tsdb.name).persistentVolumeClaim?.claimName;
    expect(find(objs, 'PersistentVolumeClaim', claim), 'Prometheus keeps its data on a PVC').toBeTruthy();
    const prom = find(objs, 'ConfigMap', 'prometheus-config')!;
    expect(Object.keys(prom.data).sort()).toEqual(['alerts.yml', 'prometheus.yml']);
    // alerts go to the Alertmanager Service, which runs with deploy/observability/alertmanager.yml
    expect(prom.data['prometheus.yml']).toContain('targets: ["alertmanager:9093"]');
    expect(find(objs, 'Service', 'alertmanager')?.spec.ports[0].port).toBe(9093);
    const am = find(objs, 'Deployment', 'alertmanager')!.spec.template.spec;
    expect(am.volumes.find((v: any) => v.name === 'config').configMap.name).toBe('alertmanager-config');
    expect(find(objs, 'ConfigMap', 'alertmanager-config')!.data['alertmanager.yml']).toBe(readText('deploy/observability/alertmanager.yml'));
    expect(JSON.parse(find(objs, 'ConfigMap', 'grafana-dashboards', 'grafana')!.data['marketshare.json']).uid).toBe('marketshare');
    const metrics = find(objs, 'Service', 'metrics')!;
    expect(metrics.spec.clusterIP).toBe('None');
    const scraped = objs.filter((o) => o.kind === 'Deployment' &&
      Object.entries(metrics.spec.selector).every(([k, v]) => o.spec.template.metadata.labels[k] === v));
    expect(scraped.map((d) => d.metadata.name).sort()).toEqual(['auth', 'emails', 'orders', 'products', 'users']);
  });
});

describe('kubernetes: base', () => {
  it('builds on its own, with the production-sized replicas', async () => {
    const objs = await build('deploy/k8s/base');
    for (const name of STATELESS) {
      expect(find(objs, 'HorizontalPodAutoscaler', name)?.spec.minReplicas, name).toBeGreaterThanOrEqual(2);
      expect(find(objs, 'Deployment', name)?.spec.template.spec.containers[0].imagePullPolicy, name).toBe('IfNotPresent');
    }
  });
});

/**
 * Where the Gateway sends a request path, by the Gateway API's precedence: an Exact match first, then the longest
 * PathPrefix (which matches whole path segments). `null` when the winning rule has no backendRefs (nothing is
 * forwarded), `undefined` when no rule matches.
 */
function routeFor(routes: K8sObject[], path: string): string | null | undefined {
  let best: { exact: boolean; len: number; to: string | null } | undefined;
  for (const r of routes) {
    for (const rule of r.spec.rules) {
      for (const m of rule.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }]) {
        const v: string = m.path.value;
        const exact = m.path.type === 'Exact';
        const hit = exact ? path === v : v === '/' || path === v || path.startsWith(v.replace(/\/$/, '') + '/');
        if (!hit) continue;
        const b = rule.backendRefs?.[0];
        const cand = { exact, len: v.length, to: b ? `${b.name}:${b.port}` : null };
        if (!best || (cand.exact && !best.exact) || (cand.exact === best.exact && cand.len > best.len)) best = cand;
      }
    }
  }
  return best?.to;
}
