#!/usr/bin/env node
// Writes the env file the kustomize base turns into the Secret marketshare-secrets: every password and OAuth client
// secret drawn at random (hex, so they fit in URLs unescaped). Nothing secret is committed; an existing file is kept.
//   node deploy/k8s/make-secrets.mjs [path]   (default: deploy/k8s/base/app/secrets.env)
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
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

export function writeSecretsEnv(path) {
  if (existsSync(path)) return false;
  const lines = ['RABBITMQ_USER=marketshare', ...SECRET_KEYS.map((k) => `${k}=${randomBytes(16).toString('hex')}`)];
  writeFileSync(path, lines.join('\n') + '\n', { mode: 0o600 });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2] ?? fileURLToPath(new URL('./base/app/secrets.env', import.meta.url));
  console.log(writeSecretsEnv(path) ? `wrote ${path}` : `${path} exists; left as it is`);
}
