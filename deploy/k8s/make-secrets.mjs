#!/usr/bin/env node
// Writes the env files the kustomize base turns into Secrets: every password and OAuth client secret drawn at random
// (hex, so they fit in URLs unescaped). Nothing secret is committed (git ignores both files); an existing file is kept.
//   node deploy/k8s/make-secrets.mjs [deploy/k8s folder]
//     base/app/secrets.env      -> Secret marketshare-secrets (namespace marketshare)
//     base/grafana/secrets.env  -> Secret grafana-admin (namespace grafana)
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SECRET_KEYS = [
  'MYSQL_ROOT_PASSWORD',
  'POSTGRES_PASSWORD',
  'RABBITMQ_PASSWORD',
  'WEB_CLIENT_SECRET',
  'API_CLIENT_SECRET',
  'USERS_CLIENT_SECRET',
  'PRODUCTS_CLIENT_SECRET',
  'ORDERS_CLIENT_SECRET',
  'EMAILS_CLIENT_SECRET',
];
export const GRAFANA_SECRET_KEYS = ['GRAFANA_ADMIN_PASSWORD'];

/** The files, relative to deploy/k8s, and what each holds. */
export const SECRET_FILES = {
  'base/app/secrets.env': { fixed: { RABBITMQ_USER: 'marketshare' }, random: SECRET_KEYS },
  'base/grafana/secrets.env': { fixed: { GRAFANA_ADMIN_USER: 'admin' }, random: GRAFANA_SECRET_KEYS },
};

const random = () => randomBytes(16).toString('hex');

/** Writes one env file of SECRET_FILES at `path` unless it exists; true when written. */
function writeSecretFile(path, { fixed, random: keys }) {
  if (existsSync(path)) return false;
  const lines = [...Object.entries(fixed).map(([k, v]) => `${k}=${v}`), ...keys.map((k) => `${k}=${random()}`)];
  writeFileSync(path, lines.join('\n') + '\n', { mode: 0o600 });
  return true;
}

/** Writes each missing file under `k8sDir`; returns the paths written. */
export function writeSecretFiles(k8sDir) {
  return Object.entries(SECRET_FILES)
    .map(([rel, spec]) => [join(k8sDir, rel), spec])
    .filter(([path, spec]) => writeSecretFile(path, spec))
    .map(([path]) => path);
}

/** The app's file alone (Secret marketshare-secrets), at any path. */
export const writeSecretsEnv = (path) => writeSecretFile(path, SECRET_FILES['base/app/secrets.env']);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('.', import.meta.url));
  const written = writeSecretFiles(dir);
  for (const rel of Object.keys(SECRET_FILES)) {
    const path = join(dir, rel);
    console.log(written.includes(path) ? `wrote ${path}` : `${path} exists; left as it is`);
  }
}
