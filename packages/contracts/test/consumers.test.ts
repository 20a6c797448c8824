import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The contracts are worth something only if every consumer is compiled against them: the services are by
// `tsc -b`; this compiles the rest (the web app, the tests, the test environment), so a changed request or answer
// shape fails here rather than on a page or in a test at run time. The web app reads the built contracts (tsc -b).
const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsc = (project: string) =>
  spawnSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', project, '--noEmit', '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
  });

describe('consumers of the contracts', () => {
  for (const [what, project] of [
    ['the web app', 'web'],
    ['the tests and the test environment', 'tsconfig.tests.json'],
  ]) {
    it(`compiles ${what} against them`, () => {
      const run = tsc(project);
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    }, 180_000);
  }
});
