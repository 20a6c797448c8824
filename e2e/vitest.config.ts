import { defineConfig } from 'vitest/config';

// End-to-end tests run against the whole system that `npm test` starts (scripts/test.mjs) and reach it only the
// way people and integrators do: through the gateway at E2E_BASE_URL.
export default defineConfig({
  test: {
    // e2e/containers builds the images and runs the same kind of journey through a gateway of its own containers.
    include: ['e2e/test/**/*.test.ts', 'e2e/containers/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
