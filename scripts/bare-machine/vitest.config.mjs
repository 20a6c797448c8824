import { defineConfig } from 'vitest/config';

// The newcomer's run in a plain container: one long test, a phase of its own in `npm test`.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.test.mjs'],
    testTimeout: 75 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
