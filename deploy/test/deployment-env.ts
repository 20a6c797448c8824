// The environment a deployment file gives each container, resolved the way the real runtime resolves it:
// Kubernetes (envFrom, then env in order, ConfigMap and Secret references, `$(VAR)` expansion) and Compose
// (`${VAR...}` interpolation from the caller's variables, then environment and env_file). Written here because
// neither kubectl 1.20 nor Compose can print a container's final environment without a cluster or a daemon.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { K8sObject } from './k8s-build.js';

export type Env = Record<string, string>;

/** A container the runtime could not create: a missing ConfigMap, Secret or key it does not mark optional. */
export class ContainerConfigError extends Error {}

/**
 * Kubernetes `$(VAR)` expansion of one value (as the kubelet does it): a reference to a variable defined
 * earlier stays literal when unknown, and `$$` escapes a `$`.
 */
export function expandK8sValue(value: string, defined: Env): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (all, name?: string) => {
    if (all === '$$') return '$';
    return name !== undefined && name in defined ? defined[name] : all;
  });
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

function lookup(objs: K8sObject[], kind: 'ConfigMap' | 'Secret', name: string, namespace: string): Env | undefined {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name && (x.metadata.namespace ?? '') === namespace);
  if (!o) return undefined;
  if (kind === 'ConfigMap') return { ...(o.data ?? {}) };
  return { ...Object.fromEntries(Object.entries<string>(o.data ?? {}).map(([k, v]) => [k, decode(v)])), ...(o.stringData ?? {}) };
}

/** The environment of one container of a workload, from the objects of the same build (kubectl kustomize). */
export function k8sContainerEnv(objs: K8sObject[], workload: K8sObject, container: Record<string, any>): Env {
  const ns = workload.metadata.namespace ?? 'default';
  const where = `${workload.kind} ${ns}/${workload.metadata.name} container ${container.name}`;
  const env: Env = {};
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const data = lookup(objs, kind, ref.name, ns);
    if (!data) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${where}: envFrom ${kind} ${ref.name} does not exist`);
    }
    for (const [k, v] of Object.entries(data)) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      env[e.name] = expandK8sValue(String(e.value ?? ''), env);
      continue;
    }
    const ref = e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef;
    if (ref) {
      const kind = e.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const value = lookup(objs, kind, ref.name, ns)?.[ref.key];
      if (value === undefined) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`${where}: ${e.name} refers to ${kind} ${ref.name} key ${ref.key}, which does not exist`);
      }
      env[e.name] = value;
    } else if (e.valueFrom.fieldRef) {
      env[e.name] = `<${e.valueFrom.fieldRef.fieldPath}>`; // known only to the kubelet; its shape is never validated here
    } else {
      env[e.name] = '<resource>';
    }
  }
  return env;
}

/**
 * Compose interpolation of one string (compose-spec "Interpolation"): `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}`, `${VAR+replacement}`, nested in the
 * default. A missing required variable throws, as `docker compose` refuses the file.
 */
export function interpolateCompose(text: string, vars: Env): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      // find the matching brace, allowing nested ${...} in the default
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
      }
      if (depth !== 0) throw new Error(`unterminated \${ in ${JSON.stringify(text)}`);
      out += substitute(text.slice(i + 2, j - 1), vars);
      i = j;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (!m) throw new Error(`invalid interpolation format in ${JSON.stringify(text)}`);
      out += vars[m[0]] ?? '';
      i += 1 + m[0].length;
    }
  }
  return out;
}

function substitute(expr: string, vars: Env): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([^]*))?$/.exec(expr);
  if (!m) throw new Error(`invalid interpolation format: \${${expr}}`);
  const [, name, colon, op, arg = ''] = m;
  const value = vars[name];
  const missing = value === undefined || (colon === ':' && value === '');
  if (!op) return value ?? '';
  if (op === '-') return missing ? interpolateCompose(arg, vars) : value!;
  if (op === '+') return missing ? '' : interpolateCompose(arg, vars);
  if (missing) throw new Error(`required variable ${name} is missing a value: ${arg}`);
  return value!;
}

function interpolateDeep(v: unknown, vars: Env): unknown {
  if (typeof v === 'string') return interpolateCompose(v, vars);
  if (Array.isArray(v)) return v.map((x) => interpolateDeep(x, vars));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolateDeep(x, vars)]));
  return v;
}

/** Compose's parser for env files: KEY=VALUE lines, `#` comments, optional quotes. */
function readEnvFile(path: string): Env {
  const env: Env = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2].trim();
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    env[m[1]] = v;
  }
  return env;
}

/**
 * Every service's environment as `docker compose up` gives it, for a compose file already parsed with merge keys.
 * `vars` are the variables compose interpolates from (the shell and the project's .env); `projectDir` is where
 * env_file paths are read from. Values not set anywhere (a `KEY:` with no value) are left out, as compose does.
 */
export function composeServiceEnvs(
  compose: { services: Record<string, any> },
  vars: Env,
  projectDir: string,
): Record<string, Env> {
  const file = interpolateDeep(compose, vars) as { services: Record<string, any> };
  const result: Record<string, Env> = {};
  for (const [name, svc] of Object.entries(file.services)) {
    const env: Env = {};
    const envFiles = svc.env_file === undefined ? [] : [svc.env_file].flat();
    for (const f of envFiles) {
      const spec = typeof f === 'string' ? { path: f, required: true } : { required: true, ...f };
      const path = resolve(projectDir, spec.path);
      if (!existsSync(path)) {
        if (spec.required) throw new Error(`${name}: env_file ${spec.path} does not exist`);
        continue;
      }
      Object.assign(env, readEnvFile(path));
    }
    const entries: [string, unknown][] = Array.isArray(svc.environment)
      ? svc.environment.map((l: string) => {
          const at = l.indexOf('=');
          return at < 0 ? [l, null] : [l.slice(0, at), l.slice(at + 1)];
        })
      : Object.entries(svc.environment ?? {});
    for (const [k, v] of entries) {
      if (v === null || v === undefined) {
        if (vars[k] !== undefined) env[k] = vars[k];
      } else {
        env[k] = typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean);
      }
    }
    result[name] = env;
  }
  return result;
}

/** How compose.yaml (and the cluster, which runs the same tags) builds an image. */
export interface ImageBuild {
  dockerfile: string;
  target?: string;
  args?: Record<string, string>;
  /** compose's additional_contexts that name another image: context name → image tag */
  contexts?: Record<string, string>;
}

/**
 * The ENV an image carries: the ENV lines of its target stage (the last one without a target) over those of the
 * stage or image it starts FROM, when that is a stage of the same file or one of our images (`images`: tag → how
 * it is built). ARG values come from the build's args, then the ARG defaults, and are substituted into ENV values.
 */
export function imageEnv(build: ImageBuild, images: Record<string, ImageBuild>, read: (path: string) => string): Env {
  const lines = read(build.dockerfile)
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim());
  interface Stage {
    name?: string;
    from: string;
    lines: string[];
  }
  const globalArgs: Env = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const f = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (f) stages.push({ from: f[1], name: f[2], lines: [] });
    else if (stages.length) stages[stages.length - 1].lines.push(line);
    else {
      const arg = /^ARG\s+(\w+)(?:=(\S*))?/.exec(line);
      if (arg) globalArgs[arg[1]] = build.args?.[arg[1]] ?? arg[2] ?? '';
    }
  }
  const sub = (v: string, vars: Env) => v.replace(/\$\{?(\w+)\}?/g, (_, n: string) => vars[n] ?? '');
  const stageEnv = (stage: Stage): Env => {
    const from = sub(stage.from, globalArgs);
    const parent = stages.find((x) => x.name === from && x !== stage);
    const image = build.contexts?.[from] ?? from;
    const env: Env = parent ? stageEnv(parent) : images[image] ? imageEnv(images[image], images, read) : {};
    const vars: Env = { ...env };
    for (const line of stage.lines) {
      const arg = /^ARG\s+(\w+)(?:=(\S*))?/.exec(line);
      if (arg) vars[arg[1]] = build.args?.[arg[1]] ?? arg[2] ?? globalArgs[arg[1]] ?? '';
      const e = /^ENV\s+(.+)$/i.exec(line);
      if (!e) continue;
      const pairs: [string, string][] = e[1].includes('=')
        ? [...e[1].matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)].map((m) => [
            m[1],
            m[2].replace(/^(["'])(.*)\1$/, '$2'),
          ])
        : [[e[1].split(/\s+/)[0], e[1].split(/\s+/).slice(1).join(' ')]];
      for (const [k, v] of pairs) env[k] = vars[k] = sub(v, vars);
    }
    return env;
  };
  const target = build.target ? stages.find((x) => x.name === build.target) : stages[stages.length - 1];
  if (!target) throw new Error(`${build.dockerfile} has no stage ${build.target}`);
  return stageEnv(target);
}
