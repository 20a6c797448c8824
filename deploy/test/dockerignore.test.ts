import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script, without type declarations
import { dockerClient, ensureDockerEngine } from '../../scripts/lib/docker.mjs';
// @ts-expect-error a plain script, without type declarations
import { writeSecretsEnv } from '../k8s/make-secrets.mjs';
import { repoPath } from './helpers.js';

// What Docker itself sends as the build context under the repository's .dockerignore: a copy of the file in a
// tree with the secret and local files where they appear on a user's machine (the cluster's secrets.env written by
// make-secrets.mjs, web/.env, the root .env, local data), exported as files by BuildKit.

const engine = await ensureDockerEngine();

const SENT = ['package.json', 'e2e/package.json', '.env.example', 'services/auth/src/main.ts', 'web/src/app/page.tsx', 'deploy/haproxy/haproxy.compose.cfg'];
const KEPT_OUT = [
  'deploy/k8s/base/app/secrets.env',
  'web/.env',
  'web/.env.local',
  '.env',
  '.env.production',
  'services/users/.env',
  '.data/postgres/PG_VERSION',
  'services/products/.data/images/a.jpg',
  'node_modules/left-pad/index.js',
  'services/auth/dist/main.js',
  'web/.next/BUILD_ID',
  '.git/HEAD',
  'services/auth/test/password-grant.test.ts',
  'e2e/test/web-journey.test.ts',
];

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

describe.skipIf(!engine.ok)(`the Docker build context${engine.ok ? '' : ` (skipped: ${!engine.ok && engine.reason})`}`, () => {
  let tree: string;
  let exported: string;

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'marketshare-context-'));
    exported = mkdtempSync(join(tmpdir(), 'marketshare-context-out-'));
    copyFileSync(repoPath('.dockerignore'), join(tree, '.dockerignore'));
    for (const f of [...SENT, ...KEPT_OUT]) {
      mkdirSync(dirname(join(tree, f)), { recursive: true });
      if (f === 'deploy/k8s/base/app/secrets.env') writeSecretsEnv(join(tree, f));
      else writeFileSync(join(tree, f), f.includes('env') ? 'WEB_CLIENT_SECRET=not-for-images\n' : 'x\n');
    }
    const r = spawnSync(dockerClient(), ['build', '-q', '-f', '-', '-o', `type=local,dest=${exported}`, tree], {
      input: 'FROM scratch\nCOPY . /\n',
      env: { ...process.env, DOCKER_BUILDKIT: '1' },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`docker build of the context failed: ${r.stderr}`);
  }, 120_000);
  afterAll(() => {
    for (const d of [tree, exported]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('the secrets file make-secrets.mjs writes holds real secrets', () => {
    expect(files(tree)).toContain('deploy/k8s/base/app/secrets.env');
  });

  it('sends sources, manifests and .env.example; no secrets, local data, build output or tests', () => {
    expect(files(exported)).toEqual(['.dockerignore', ...SENT].sort());
  });
});
