import { beforeAll, describe, expect, it } from 'vitest';
import { k8sContainerEnv } from './deployment-env.js';
import { parseYamlDocs, readText, repoPath } from './helpers.js';
import { findObject, kustomize, workloads, type K8sObject } from './k8s-build.js';

// Default-deny NetworkPolicies per namespace, and an allow for every flow the deployment really has: the URLs in
// each workload's environment (only the variables the service reads), the Gateway's routes, Prometheus's scrapes
// and alerting, Alertmanager's mail. A flow is checked the way a CNI decides it: a policy that selects the
// destination pods admits the source pods (their namespace and labels) on the destination container's port.

// HAProxy Ingress pods as deploy/k8s/README.md installs them (Helm release haproxy-ingress in ingress-controller).
const GATEWAY_POD = { namespace: 'ingress-controller', labels: { 'app.kubernetes.io/name': 'haproxy-ingress' } };

interface Pod {
  namespace: string;
  labels: Record<string, string>;
}
interface Flow {
  from: Pod;
  to: Pod;
  port: number;
  why: string;
}

const podOf = (w: K8sObject): Pod => ({ namespace: w.metadata.namespace, labels: w.spec.template.metadata.labels });
const selects = (sel: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>) =>
  Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
// every namespace carries kubernetes.io/metadata.name (set by the API server)
const nsLabels = (objs: K8sObject[], ns: string) => ({
  ...(findObject(objs, 'Namespace', ns, '')?.metadata.labels ?? {}),
  'kubernetes.io/metadata.name': ns,
});

/** The variables a service reads: its configuration schema's properties (web: the names its config reads). */
async function readsVariables(service: string): Promise<string[]> {
  if (service === 'web') return [...readText('web/src/lib/config.ts').matchAll(/env\('([A-Z_]+)'/g)].map((m) => m[1]);
  const mod = (await import(/* @vite-ignore */ repoPath('services', service, 'dist/config.js'))) as Record<string, any>;
  return Object.keys(Object.values(mod).find((v) => v?.type === 'object' && v.properties).properties);
}

/** The pods behind `host:port` (a Service, short or fully qualified), and the container port it lands on. */
function serviceTarget(objs: K8sObject[], host: string, port: number, fromNs: string): { to: Pod; port: number } | undefined {
  const [name, ns = fromNs] = host.replace(/\.svc(\.cluster\.local)?$/, '').split('.');
  const svc = findObject(objs, 'Service', name, ns);
  const sp = svc?.spec.ports.find((p: any) => p.port === port);
  if (!svc || !sp) return undefined;
  const backend = workloads(objs).find((w) => (w.metadata.namespace === ns) && selects({ matchLabels: svc.spec.selector }, w.spec.template.metadata.labels));
  if (!backend) return undefined;
  const target = sp.targetPort ?? sp.port;
  const containerPort = typeof target === 'number'
    ? target
    : backend.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []).find((p: any) => p.name === target)?.containerPort;
  return { to: podOf(backend), port: containerPort };
}

async function flowsOf(objs: K8sObject[]): Promise<{ flows: Flow[]; unresolved: string[] }> {
  const flows: Flow[] = [];
  const unresolved: string[] = [];
  const add = (from: Pod, host: string, port: number, why: string) => {
    const t = serviceTarget(objs, host, port, from.namespace);
    if (t) flows.push({ from, ...t, why });
    else unresolved.push(`${why}: ${host}:${port}`);
  };
  for (const w of workloads(objs)) {
    for (const c of w.spec.template.spec.containers) {
      const app = /^marketshare\/([a-z-]+):/.exec(c.image)?.[1];
      const env = k8sContainerEnv(objs, w, c);
      const names = app ? await readsVariables(app) : Object.keys(env);
      for (const name of names.filter((n) => n.endsWith('_URL') && env[n])) {
        const u = new URL(env[name]);
        const port = Number(u.port) || { 'http:': 80, 'https:': 443, 'smtp:': 25 }[u.protocol] || 0;
        // PUBLIC_URL is the browser's address of the site, not a call inside the cluster
        if (name === 'PUBLIC_URL') continue;
        add(podOf(w), u.hostname, port, `${w.metadata.name} ${name}`);
      }
    }
  }
  for (const r of objs.filter((o) => o.kind === 'HTTPRoute')) {
    for (const rule of r.spec.rules) {
      for (const b of rule.backendRefs ?? []) add(GATEWAY_POD, `${b.name}.${r.metadata.namespace}`, b.port, `Gateway route ${r.metadata.name}`);
    }
  }
  // Prometheus: the pods behind the headless Service `metrics` on their port `http`, and its Alertmanager
  const prometheus = podOf(findObject(objs, 'Deployment', 'prometheus')!);
  const metrics = findObject(objs, 'Service', 'metrics')!;
  for (const w of workloads(objs).filter((x) => x.metadata.namespace === 'marketshare' && selects({ matchLabels: metrics.spec.selector }, x.spec.template.metadata.labels))) {
    const port = w.spec.template.spec.containers[0].ports.find((p: any) => p.name === metrics.spec.ports[0].targetPort).containerPort;
    flows.push({ from: prometheus, to: podOf(w), port, why: `Prometheus scrapes ${w.metadata.name}` });
  }
  const [promConfig] = parseYamlDocs(findObject(objs, 'ConfigMap', 'prometheus-config')!.data['prometheus.yml']);
  for (const t of promConfig.alerting.alertmanagers.flatMap((a: any) => a.static_configs.flatMap((s: any) => s.targets))) {
    const [host, port] = t.split(':');
    add(prometheus, host, Number(port), 'Prometheus alerting');
  }
  const [amConfig] = parseYamlDocs(findObject(objs, 'ConfigMap', 'alertmanager-config')!.data['alertmanager.yml']);
  const [smtpHost, smtpPort] = amConfig.global.smtp_smarthost.split(':');
  add(podOf(findObject(objs, 'Deployment', 'alertmanager')!), smtpHost, Number(smtpPort), 'Alertmanager mail');
  return { flows, unresolved };
}

/** Whether the namespace's policies admit `flow` at its destination (ingress) and at its source (egress). */
function allowed(objs: K8sObject[], flow: Flow): { ingress: boolean; egress: boolean } {
  const policies = objs.filter((o) => o.kind === 'NetworkPolicy');
  const peerMatches = (peer: any, pod: Pod, policyNs: string) => {
    if (peer.ipBlock) return false;
    const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, nsLabels(objs, pod.namespace)) : pod.namespace === policyNs;
    return nsOk && (!peer.podSelector || selects(peer.podSelector, pod.labels));
  };
  const portMatches = (ports: any[] | undefined, port: number) => !ports || ports.some((p) => p.port === undefined || p.port === port);
  const check = (pod: Pod, dir: 'Ingress' | 'Egress', other: Pod) => {
    const applying = policies.filter((p) => p.metadata.namespace === pod.namespace && selects(p.spec.podSelector, pod.labels)
      && (p.spec.policyTypes ?? ['Ingress']).includes(dir));
    if (applying.length === 0) return true; // no policy isolates the pod in that direction
    return applying.some((p) => (dir === 'Ingress' ? p.spec.ingress : p.spec.egress)?.some((rule: any) => {
      const peers = dir === 'Ingress' ? rule.from : rule.to;
      return (!peers || peers.some((peer: any) => peerMatches(peer, other, p.metadata.namespace))) && portMatches(rule.ports, flow.port);
    }));
  };
  return { ingress: check(flow.to, 'Ingress', flow.from), egress: flow.from === GATEWAY_POD || check(flow.from, 'Egress', flow.to) };
}

describe('network policies (minikube overlay)', () => {
  let objs: K8sObject[] = [];
  let flows: Flow[] = [];
  let unresolved: string[] = [];
  beforeAll(async () => {
    objs = await kustomize('deploy/k8s/overlays/minikube');
    ({ flows, unresolved } = await flowsOf(objs));
  });

  it('each app namespace has a default deny of ingress and egress', () => {
    for (const ns of ['marketshare', 'grafana']) {
      const deny = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns && o.metadata.name === 'deny-all');
      expect(deny?.spec, ns).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    }
  });

  it('finds the real flows, and every URL of the environment names a Service of the deployment', () => {
    expect(unresolved).toEqual([]);
    const names = (p: Pod) => p.labels['app.kubernetes.io/name'];
    const seen = new Set(flows.map((f) => `${names(f.from)}->${names(f.to)}:${f.port}`));
    for (const f of ['users->auth:8040', 'auth->users:8070', 'orders->products:8060', 'web->orders:8050', 'emails->rabbitmq:5672',
      'users->mysql:3306', 'emails->maildev:1025', 'haproxy-ingress->web:3000', 'prometheus->emails:8030',
      'prometheus->alertmanager:9093', 'grafana->prometheus:9090', 'alertmanager->maildev:1025']) {
      expect(seen, f).toContain(f);
    }
    // products reads no RABBITMQ_URL and emails no AUTH_URL: the ConfigMap gives them, but they are not flows
    expect(seen).not.toContain('products->rabbitmq:5672');
    expect(seen).not.toContain('emails->auth:8040');
  });

  it('every flow has an allow rule at both ends', () => {
    const denied = flows.filter((f) => {
      const a = allowed(objs, f);
      return !a.ingress || !a.egress;
    }).map((f) => `${f.why} -> ${f.to.labels['app.kubernetes.io/name']}:${f.port}`);
    expect(denied).toEqual([]);
  });

  it('every allow is used by a real flow (mesh traffic from linkerd-viz aside)', () => {
    const unused: string[] = [];
    for (const p of objs.filter((o) => o.kind === 'NetworkPolicy')) {
      for (const rule of p.spec.ingress ?? []) {
        for (const peer of rule.from ?? []) {
          if (peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'linkerd-viz') continue;
          for (const { port } of rule.ports ?? []) {
            const used = flows.some((f) => f.to.namespace === p.metadata.namespace && selects(p.spec.podSelector, f.to.labels) && f.port === port
              && (peer.namespaceSelector ? selects(peer.namespaceSelector, nsLabels(objs, f.from.namespace)) : f.from.namespace === p.metadata.namespace)
              && selects(peer.podSelector, f.from.labels));
            if (!used) unused.push(`${p.metadata.namespace}/${p.metadata.name}: ${JSON.stringify(peer)} port ${port}`);
          }
        }
      }
    }
    expect(unused).toEqual([]);
  });

  it('the check can fail: without its allow, a flow is denied', () => {
    const flow = flows.find((f) => f.why === 'users USERS_DATABASE_URL')!;
    const without = objs.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'mysql'));
    expect(allowed(without, flow).ingress).toBe(false);
    const wrongPort = { ...flow, port: 3307 };
    expect(allowed(objs, wrongPort).ingress).toBe(false);
  });
});
