import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readText, readYaml, repoPath } from './helpers.js';
import { findObject, kustomize, workloads, type K8sObject } from './k8s-build.js';

// deploy/k8s/README.md's install steps leave nothing to guess: what they name exists, images are built (the base
// first) before the app is applied, and the steps come in an order a cluster accepts.

const README = 'deploy/k8s/README.md';
const text = readText(README);
const install = text.slice(text.indexOf('## Install'), text.indexOf('\n## ', text.indexOf('## Install') + 1));

/** The shell commands of the install section, in order: code blocks and `inline` commands, loops unrolled. */
function commands(section: string): string[] {
  const out: string[] = [];
  const re = /```sh\n([^]*?)```|`((?:minikube|kubectl|helm|linkerd|docker|node) [^`]+)`/g;
  for (const m of section.matchAll(re)) {
    const lines = m[1] !== undefined ? m[1].replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter(Boolean) : [m[2]];
    for (const line of lines) {
      const loop = /^for (\w+) in ([^;]+); do (.+); done$/.exec(line);
      if (loop) for (const v of loop[2].trim().split(/\s+/)) out.push(loop[3].replaceAll(`$${loop[1]}`, v));
      else out.push(line);
    }
  }
  return out;
}

const steps = commands(install);
const indexOf = (re: RegExp, list = steps) => list.findIndex((c) => re.test(c));

/** Repository paths a text mentions that do not exist (secrets.env files are written by make-secrets.mjs). */
function missingPaths(doc: string): string[] {
  const paths = [...doc.matchAll(/(?<![\w/.])((?:deploy|services|web|packages|docs)\/[\w./-]*[\w/])/g)].map((m) => m[1]);
  if (paths.length < 10) return ['too few paths found: the pattern no longer matches the README'];
  return paths.filter((p) => !existsSync(repoPath(p)) && !/secrets\.env$/.test(p));
}

interface Files {
  read(path: string): string;
  exists(path: string): boolean;
}
const repoFiles: Files = { read: readText, exists: (p) => existsSync(repoPath(p)) };

/** What is wrong with the image builds of `list`: unknown Dockerfiles, images not built, or built out of order. */
function buildProblems(list: string[], objs: K8sObject[], files: Files = repoFiles): string[] {
  const problems: string[] = [];
  const built = new Map<string, { at: number; dockerfile: string; args: Record<string, string> }>();
  for (const [i, c] of list.entries()) {
    // the project's builder: every image of compose.yaml's build sections, in compose order
    if (/(^|&& )node scripts\/build-images\.mjs/.test(c)) {
      if (!files.exists('scripts/build-images.mjs')) problems.push('no scripts/build-images.mjs');
      for (const svc of Object.values(readYaml<{ services: Record<string, any> }>('compose.yaml').services)) {
        if (svc.build && svc.image) {
          const args = Object.fromEntries(Object.entries(svc.build.args ?? {}).map(([k, v]) => [k, String(v)]));
          built.set(svc.image, { at: i, dockerfile: svc.build.dockerfile ?? 'Dockerfile', args });
        }
      }
      continue;
    }
    const m = /^(?:DOCKER_BUILDKIT=1 )?docker build (.+) \.$/.exec(c);
    if (!m) continue;
    const opt = (name: string) => [...m[1].matchAll(new RegExp(`${name} (\\S+)`, 'g'))].map((x) => x[1]);
    const args = Object.fromEntries(opt('--build-arg').map((a) => a.split('=') as [string, string]));
    built.set(opt('-t')[0], { at: i, dockerfile: opt('-f')[0] ?? 'Dockerfile', args });
  }
  for (const { dockerfile } of built.values()) if (!files.exists(dockerfile)) problems.push(`no ${dockerfile}`);
  const local = workloads(objs).flatMap((w) => w.spec.template.spec.containers)
    .filter((c: any) => c.imagePullPolicy === 'Never').map((c: any) => c.image as string);
  if (local.length < 6) problems.push('the overlay runs fewer than 6 local images');
  for (const image of local) if (!built.has(image)) problems.push(`${image} is never built`);
  // a Dockerfile FROM another of our images (by its ARG default or a literal tag) needs that one built earlier
  for (const [tag, { at, dockerfile, args: given }] of built) {
    if (!files.exists(dockerfile)) continue;
    const file = files.read(dockerfile);
    const args = { ...Object.fromEntries([...file.matchAll(/^ARG (\w+)=(\S+)/gm)].map((m) => [m[1], m[2]])), ...given };
    for (const from of file.matchAll(/^FROM (\S+)/gm)) {
      const image = from[1].replace(/^\$\{?(\w+)\}?$/, (_, a: string) => args[a] ?? a);
      if (image.startsWith('marketshare/') && !((built.get(image)?.at ?? Infinity) < at)) problems.push(`${image} is not built before ${tag}`);
    }
  }
  const apply = indexOf(/^kubectl apply -k deploy\/k8s\/overlays\/minikube$/, list);
  if (apply < 0) problems.push('no kubectl apply -k deploy/k8s/overlays/minikube');
  for (const [tag, b] of built) if (b.at > apply) problems.push(`${tag} is built after the apply`);
  return problems;
}

describe('deploy/k8s/README.md install steps', () => {
  let objs: K8sObject[] = [];
  beforeAll(async () => {
    objs = await kustomize('deploy/k8s/overlays/minikube');
  });

  it('every repository path the README mentions exists', () => {
    expect(missingPaths(text)).toEqual([]);
  });

  it('builds every image the overlay runs from a Dockerfile that exists, each base before the images on it', () => {
    expect(buildProblems(steps, objs)).toEqual([]);
  });

  it('orders the steps as a cluster needs them: secrets, cluster, images, CRDs, controller, linkerd, app, address', () => {
    const order = [/make-secrets\.mjs/, /^minikube start .*--cni calico/, /^docker build |build-images\.mjs/, /gateway-api\/releases\/.*standard-install\.yaml/,
      /^helm install haproxy-ingress /, /^linkerd install \| kubectl apply/, /^linkerd viz install/, /^kubectl apply -k /, /\/etc\/hosts/];
    const at = order.map((re) => indexOf(re));
    expect(at.every((i) => i >= 0), `every step present: ${at.join(', ')}`).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('installs the controller the GatewayClass names, with the values file and the labels the policies admit', () => {
    const gc = findObject(objs, 'GatewayClass', 'haproxy', '')!;
    expect(gc.spec.controllerName).toBe('haproxy-ingress.github.io/controller');
    const helm = steps[indexOf(/^helm install /)];
    expect(helm).toMatch(/haproxy-ingress\/haproxy-ingress --version \d+\.\d+\.\d+/);
    expect(steps).toContain('helm repo add haproxy-ingress https://haproxy-ingress.github.io/charts');
    // HTTPRoute in gateway.networking.k8s.io/v1 needs HAProxy Ingress 0.15 or newer
    const [major, minor] = /--version (\d+)\.(\d+)/.exec(helm)!.slice(1).map(Number);
    expect(major > 0 || minor >= 15).toBe(true);
    const ns = /--namespace (\S+)/.exec(helm)![1];
    const policies = readText('deploy/k8s/base/app/network-policies.yaml');
    expect(policies).toContain(`kubernetes.io/metadata.name: ${ns}`);
    expect(policies).toContain('app.kubernetes.io/name: haproxy-ingress');
    expect(readYaml<any>('deploy/k8s/haproxy-ingress-values.yaml').controller.service.type).toBe('LoadBalancer');
    expect(steps).toContain(`kubectl -n ${ns} rollout status deployment/haproxy-ingress`);
  });

  it('the hosts entry names the host of PUBLIC_URL and the address of the controller installed above', () => {
    const publicUrl = new URL(findObject(objs, 'ConfigMap', 'marketshare-config')!.data.PUBLIC_URL);
    const hosts = steps[indexOf(/\/etc\/hosts/)];
    expect(hosts).toContain(` ${publicUrl.hostname}"`);
    expect(hosts).toContain('-n ingress-controller get service haproxy-ingress');
    expect(publicUrl.port || '80').toBe(String(findObject(objs, 'Gateway', 'marketshare')!.spec.listeners[0].port));
  });

  it('every namespace and object a kubectl step names exists in the build or is created by an earlier step', () => {
    const created = new Set(objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    for (const [i, c] of steps.entries()) {
      if (/^helm install .*--create-namespace --namespace (\S+)/.test(c)) created.add(/--namespace (\S+)/.exec(c)![1]);
      if (/^linkerd install \|/.test(c)) created.add('linkerd');
      if (/^linkerd viz install/.test(c)) created.add('linkerd-viz');
      const ns = /^kubectl -n (\S+)/.exec(c)?.[1];
      if (!ns) continue;
      expect(created.has(ns) || steps.slice(0, i).some((p) => p.includes(`--namespace ${ns}`)), `${c}: namespace ${ns}`).toBe(true);
      for (const [, kind, name] of c.matchAll(/ (service|deployment|statefulset)\/([\w-]+)/g)) {
        if (ns === 'ingress-controller') continue; // the Helm release's own objects
        const k = { service: 'Service', deployment: 'Deployment', statefulset: 'StatefulSet' }[kind]!;
        expect(findObject(objs, k, name, ns), `${c}: ${k} ${ns}/${name}`).toBeTruthy();
      }
    }
  });

  it('the checks can fail: a build after the apply, an image never built, a base built late, a missing file', () => {
    const apply = indexOf(/^kubectl apply -k /);
    const applyFirst = [steps[apply], ...steps.filter((_, i) => i !== apply)];
    expect(buildProblems(applyFirst, objs).join('\n')).toMatch(/marketshare\/web:local is built after the apply/);
    const noBuilds = steps.filter((c) => !/docker build |build-images\.mjs/.test(c));
    expect(buildProblems(noBuilds, objs)).toContain('marketshare/orders:local is never built');
    // an image FROM another of ours (through an ARG default) built before it
    const fake: Files = {
      exists: (p) => p.startsWith('fake/'),
      read: (p) => (p === 'fake/app.Dockerfile' ? 'ARG BASE_IMAGE=marketshare/base:local\nFROM ${BASE_IMAGE}\n' : 'FROM debian\n'),
    };
    const base = 'docker build -f fake/base.Dockerfile -t marketshare/base:local .';
    const app = 'docker build -f fake/app.Dockerfile -t marketshare/app:local .';
    const problems = (list: string[]) => buildProblems([...list, 'kubectl apply -k deploy/k8s/overlays/minikube'], objs, fake)
      .filter((p) => /base/.test(p));
    expect(problems([base, app])).toEqual([]);
    expect(problems([app, base])).toEqual(['marketshare/base:local is not built before marketshare/app:local']);
    expect(missingPaths(`${text}\nsee deploy/k8s/overlays/prod/kustomization.yaml`)).toEqual(['deploy/k8s/overlays/prod/kustomization.yaml']);
  });
});
