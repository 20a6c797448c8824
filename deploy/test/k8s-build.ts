import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error a plain script of the deployment, without type declarations
import { writeSecretFiles } from '../k8s/make-secrets.mjs';
import { parseYamlDocs, repoPath, runTool } from './helpers.js';

export type K8sObject = Record<string, any>;

// The kustomizations generate their Secrets from env files that are never committed: tests build a copy of
// deploy/k8s (and the observability files it includes) with them written the way an operator does, by
// make-secrets.mjs, into a temporary folder.
let copy: string | undefined;
export function deployCopy(): string {
  if (copy) return copy;
  copy = mkdtempSync(join(tmpdir(), 'ms-k8s-'));
  for (const d of ['k8s', 'observability']) cpSync(repoPath('deploy', d), join(copy, 'deploy', d), { recursive: true });
  writeSecretFiles(join(copy, 'deploy/k8s'));
  return copy;
}

const built = new Map<string, Promise<K8sObject[]>>();
/** `kubectl kustomize` of a folder of the deploy copy (e.g. `deploy/k8s/overlays/minikube`), parsed. */
export function kustomize(dir: string): Promise<K8sObject[]> {
  if (!built.has(dir)) {
    built.set(dir, (async () => {
      const r = await runTool('kubectl', ['kustomize', join(deployCopy(), dir)]);
      if (r.code !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${r.stderr}`);
      return parseYamlDocs(r.stdout);
    })());
  }
  return built.get(dir)!;
}

export const findObject = (objs: K8sObject[], kind: string, name: string, namespace = 'marketshare') =>
  objs.find((o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? '') === namespace);

export const workloads = (objs: K8sObject[]) =>
  objs.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
