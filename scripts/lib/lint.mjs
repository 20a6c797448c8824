// ESLint over the tree, as `npm run lint` runs it, in a process of its own so npm test can run it beside the unit
// tests (on two cores the unit tests leave one mostly idle while they wait for the stores). Each file is one check:
// passed when ESLint finds no error in it. Run as a script, it writes the report to the file named by its argument.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { root } from './env.mjs';

async function lintTree() {
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['.']);
  const failed = results.filter((r) => r.errorCount > 0);
  const report = failed.length ? await (await eslint.loadFormatter('stylish')).format(failed) : '';
  return { passed: results.length - failed.length, failed: failed.length, skipped: 0, report };
}

/** Starts the lint in a child process; the promise gives its counts and the report of the files with errors. */
export function startLint(out) {
  rmSync(out, { force: true });
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), out], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')));
      } catch {
        resolve({ passed: 0, failed: 1, skipped: 0, report: `eslint exited with ${code} and no report` });
      }
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(process.argv[2], JSON.stringify(await lintTree()));
}
