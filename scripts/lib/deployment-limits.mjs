// The memory limit each Deployment declares (deploy/k8s/base/app/<name>.yaml), for running processes here as the
// cluster would (`CONTAINER_LIMITS=1 npm start`) and for bench/soak.mjs's report.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { root } from './env.mjs';

/** The memory limit (MiB) of the Deployment `name` (a service or web; a replica's `-2` suffix is ignored). */
export function deploymentMemoryLimitMiB(name) {
  const app = name.replace(/-\d+$/, '');
  const text = readFileSync(`${root}/deploy/k8s/base/app/${app}.yaml`, 'utf8');
  const m = /limits:\s*\n(?:\s+cpu:.*\n)?\s+memory:\s*(\d+)(Mi|Gi)/.exec(text);
  if (!m) throw new Error(`no memory limit in deploy/k8s/base/app/${app}.yaml`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

/**
 * A folder laid out like the cgroup of a container with that Deployment's limit, for the images' entry point
 * (deploy/docker/node-entry.sh reads CGROUP_ROOT), so a process started through it gets the heap the cluster gives.
 */
export function containerCgroup(name) {
  const dir = `${root}/.data/container-cgroups/${name}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/memory.max`, `${deploymentMemoryLimitMiB(name) * 1048576}\n`);
  return dir;
}
