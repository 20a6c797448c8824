import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One run over every workspace's tests. Workspace packages resolve to their TypeScript sources, so tests need
// no build step. Each test file starts its own services on free ports with databases of its own.
export default defineConfig({
  resolve: {
    alias: {
      '@marketshare/contracts': src('./packages/contracts/src/index.ts'),
      '@marketshare/microcache': src('./packages/microcache/src/index.ts'),
      '@marketshare/service-kit': src('./packages/service-kit/src/index.ts'),
      '@marketshare/test-env': src('./packages/test-env/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'deploy/test/**/*.test.ts', 'scripts/test/**/*.test.mjs'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    reporters: ['default'],
  },
});
