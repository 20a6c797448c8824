import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One run over every workspace's tests. Workspace packages resolve to their TypeScript sources, so tests need
// no build step. Each test file starts its own services on free ports with databases of its own.
export default defineConfig({
  resolve: {
    alias: [
      { find: '@marketshare/contracts', replacement: src('./packages/contracts/src/index.ts') },
      { find: '@marketshare/microcache', replacement: src('./packages/microcache/src/index.ts') },
      { find: '@marketshare/service-kit', replacement: src('./packages/service-kit/src/index.ts') },
      { find: '@marketshare/test-env', replacement: src('./packages/test-env/src/index.ts') },
      // a service package's public entry, as its package.json "exports" names it (built: dist/service.js)
      { find: /^@marketshare\/(auth|users|products|orders|emails)$/, replacement: src('./services/$1/src/service.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'web/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'deploy/test/**/*.test.ts', 'scripts/test/**/*.test.{ts,mjs}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    reporters: ['default'],
  },
});
