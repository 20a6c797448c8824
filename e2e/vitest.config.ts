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
    // Two files at a time: each journey waits on the browser and the services in turn, so one file alone leaves a
    // core idle. Every file makes accounts, products and orders of its own and reads only those, so files never
    // depend on each other's data.
    maxWorkers: 2,
  },
});
