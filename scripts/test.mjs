#!/usr/bin/env node
// `npm test`: ESLint with its type-checked rules over the whole tree, every workspace's tests against the real
// MariaDB, PostgreSQL and RabbitMQ (the same stores as `npm start`), then the whole system started as `npm start`
// does (its own databases, short order progression) for the browser journeys and gateway checks. Where a Docker
// engine answers, all of that runs once, where a newcomer runs it: in a plain Debian 12 + Node 20 container after
// its cold, warm and crashed `npm start` (scripts/bare-machine); this machine then runs only the tests that need the
// engine (the images, the build context). Prints one closing line: "N passed, N failed" (each linted file counts
// as one check: passed when ESLint finds no error in it).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { E2E_LIMITS, root } from './lib/env.mjs';
import { build, ensureInstalled, startSystem, systemEnv, useStores } from './start.mjs';
import { DATABASE_VARS, dropDatabases } from './lib/databases.mjs';
import { startLint } from './lib/lint.mjs';
import { ensureBaseImage, ensureDockerEngine } from './lib/docker.mjs';

const log = (m) => console.log(`[marketshare test] ${m}`);
const results = `${root}/.data/test-results`;

/** Runs vitest over `args`; resolves with its counts. Its output goes to this terminal, or to the file `output`. */
async function vitest(name, args, { output } = {}) {
  const out = `${results}/${name}.json`;
  rmSync(out, { force: true });
  const fd = output ? openSync(output, 'w') : undefined;
  const child = spawn(`${root}/node_modules/.bin/vitest`, ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    cwd: root,
    stdio: fd === undefined ? 'inherit' : ['ignore', fd, fd],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  const status = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  if (fd !== undefined) closeSync(fd);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    counts = { passed: j.numPassedTests, failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0), skipped: j.numPendingTests + j.numTodoTests };
    if (!j.success && counts.failed === 0) counts.failed = 1; // a file that failed to load counts as a failure
  } else if (status !== 0) counts.failed = 1;
  return counts;
}

/** Test files that need a Docker engine (they skip without one, so a newcomer's container cannot run them). */
function testsNeedingEngine() {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.next', '.data', '.git', 'bare-machine'].includes(e.name)) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.test\.(ts|mjs)$/.test(e.name) && readFileSync(path, 'utf8').includes('ensureDockerEngine(')) found.push(relative(root, path));
    }
  };
  for (const dir of ['packages', 'services', 'web/test', 'deploy', 'scripts', 'e2e']) if (existsSync(join(root, dir))) walk(join(root, dir));
  return { e2e: found.filter((f) => f.startsWith('e2e/')), unit: found.filter((f) => !f.startsWith('e2e/')) };
}

/** The e2e system's databases: on the same servers as `npm start`'s, named marketshare_<TEST_NAME or e2e>_<service>. */
function e2eDatabases(urls) {
  return Object.fromEntries(
    DATABASE_VARS.map((v) => {
      const u = new URL(urls[v]);
      u.pathname = `/marketshare_${runName}_${v.replace('_DATABASE_URL', '').toLowerCase()}`;
      return [v, u.toString()];
    }),
  );
}

// `npm test -- <files>` runs only those test files (unit ones, and e2e ones against a started system) and skips the
// lint and container phases: a developer's quick loop. TEST_PORT_SHIFT and TEST_NAME let such runs from several
// checkouts go side by side, each with its own ports, databases (marketshare_<name>_*) and broker names.
const only = process.argv.slice(2);
const onlyE2e = only.filter((f) => f.startsWith('e2e/'));
const onlyUnit = only.filter((f) => !f.startsWith('e2e/'));
const runName = process.env.TEST_NAME ?? 'e2e';

async function main() {
  const t0 = Date.now();
  mkdirSync(results, { recursive: true });
  await ensureInstalled();
  const { portOpen } = await import('./lib/infra.mjs');
  // the same stores as `npm start`; the tests create databases of their own with the servers' admin accounts
  const stores = await useStores({ haproxy: 'haproxy', chromium: 'chromium', prometheus: 'prometheus', promtool: 'prometheus', 'prometheus-alertmanager': 'prometheus-alertmanager', kubectl: 'kubernetes-client' });
  process.on('SIGINT', () => stores.stop().then(() => process.exit(130)));
  Object.assign(process.env, { TEST_PG_URL: stores.admin.postgres, TEST_MYSQL_URL: stores.admin.mariadb, TEST_RABBITMQ_URL: stores.admin.rabbitmq, TEST_RABBITMQCTL: stores.admin.rabbitmqctl });
  await build({ quiet: false });

  const none = { passed: 0, failed: 0, skipped: 0 };
  const phase = (name, started) => log(`${name} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  let t = Date.now();
  // a full run with a Docker engine: every test in the newcomer's container, and here what needs the engine
  const engine = only.length ? { ok: false } : await ensureDockerEngine();
  if (engine.ok) {
    const needEngine = testsNeedingEngine();
    // Both runs below start containers of the locally made base image: it is made (or found) once, first.
    await ensureBaseImage();
    // The newcomer's container and the tests that need the engine here run side by side: each leaves a core idle
    // much of the time (debootstrap's and apt's downloads, image layers, a browser waiting on pages). The engine's
    // output goes to a file, printed once it is done, so the two never interleave.
    const engineLog = `${results}/engine.log`;
    log(`with a Docker engine: the tests that need it here (${[...needEngine.unit, ...needEngine.e2e].join(', ')}), beside a newcomer on a bare machine (npm start, then npm test in a plain container)...`);
    const here = (async () => {
      const started = Date.now();
      // (vitest given no file runs them all: a list found empty runs nothing)
      const unit = needEngine.unit.length ? await vitest('unit', needEngine.unit, { output: `${results}/engine-unit.log` }) : none;
      const e2e = needEngine.e2e.length ? await vitest('e2e', ['--config', 'e2e/vitest.config.ts', ...needEngine.e2e], { output: engineLog }) : none;
      await stores.stop();
      for (const f of [`${results}/engine-unit.log`, engineLog]) if (existsSync(f)) console.log(readFileSync(f, 'utf8'));
      phase('the tests that need the engine', started);
      return [unit, e2e];
    })();
    const inside = `${results}/inside.json`;
    rmSync(inside, { force: true });
    const bare = await vitest('bare-machine', ['--config', 'scripts/bare-machine/vitest.config.mjs']);
    // what its npm test counted; none at all means every other test went unrun, which is a failure
    const there = existsSync(inside) ? JSON.parse(readFileSync(inside, 'utf8')) : { ...none, failed: 1 };
    phase('the newcomer', t);
    const [unit, e2e] = await here;
    return finish(t0, [unit, e2e, bare, there]);
  }

  // ESLint in a process of its own, beside the unit tests; its verdict is printed once they are done
  if (!only.length) log(`eslint (type-checked rules), beside the unit tests (no container phases: ${engine.reason})...`);
  const linting = only.length ? Promise.resolve({ ...none, report: '' }) : startLint(`${results}/eslint.json`);

  if (!only.length || onlyUnit.length) log('unit and integration tests (every workspace, real stores)...');
  const unit = !only.length || onlyUnit.length ? await vitest('unit', onlyUnit) : none;
  const { report, ...linted } = await linting;
  if (report) console.log(report);
  if (!only.length) log(`eslint: ${linted.passed} files clean, ${linted.failed} with errors`);
  phase('eslint and the unit tests', t);

  // The whole system for the journeys: default ports when free (so it is reached at http://localhost:8080
  // like `npm start`), shifted by 10000 when a development instance already holds them.
  const shift = process.env.TEST_PORT_SHIFT ? Number(process.env.TEST_PORT_SHIFT) : (await portOpen(8080)) ? 10000 : 0;
  const port = (p) => String(p + shift);
  const env = systemEnv({
    GATEWAY_PORT: port(8080), GATEWAY_STATS_PORT: port(8404), WEB_PORT: port(3000), AUTH_PORT: port(8040), USERS_PORT: port(8070),
    PRODUCTS_PORT: port(8060), ORDERS_PORT: port(8050), EMAILS_PORT: port(8030), MAILBOX_SMTP_PORT: port(1025), MAILBOX_WEB_PORT: port(1080),
    PUBLIC_URL: `http://localhost:${port(8080)}`,
    ...e2eDatabases(stores.urls),
    RABBITMQ_URL: stores.urls.RABBITMQ_URL,
    IMAGES_DIR: `${root}/.data/e2e-images`,
    SMTP_URL: `smtp://127.0.0.1:${port(1025)}`,
    // its own broker names, so a development instance running beside it never takes its messages
    EMAIL_EXCHANGE: `emails_${runName}`,
    EMAIL_QUEUE_PREFIX: `${runName}.`,
    MAX_TIME_TO_PROGRESS: '4',
    LOG_LEVEL: 'info',
    ...E2E_LIMITS,
  });
  let e2e = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(`${root}/e2e/vitest.config.ts`) && (!only.length || onlyE2e.length)) {
    log('starting the whole system for end-to-end tests...');
    await dropDatabases(env);
    rmSync(env.IMAGES_DIR, { recursive: true, force: true });
    let system;
    try {
      system = await startSystem(env, { seed: true });
      Object.assign(process.env, {
        E2E_BASE_URL: env.PUBLIC_URL,
        E2E_MAILBOX_URL: `http://127.0.0.1:${env.MAILBOX_WEB_PORT}`,
        E2E_GATEWAY_METRICS_URL: `http://127.0.0.1:${env.GATEWAY_STATS_PORT}/metrics`,
        E2E_WEB_CLIENT_SECRET: env.WEB_CLIENT_SECRET,
        E2E_API_CLIENT_SECRET: env.API_CLIENT_SECRET,
        E2E_SERVICE_PORTS: JSON.stringify({ auth: env.AUTH_PORT, users: env.USERS_PORT, products: env.PRODUCTS_PORT, orders: env.ORDERS_PORT, emails: env.EMAILS_PORT }),
      });
      t = Date.now();
      e2e = await vitest('e2e', ['--config', 'e2e/vitest.config.ts', ...onlyE2e]);
      phase('the end-to-end tests', t);
    } catch (e) {
      console.error(`[marketshare test] the system did not start: ${e.message}`);
      e2e.failed += 1;
    } finally {
      await system?.stop();
    }
  }
  await stores.stop();
  return finish(t0, [linted, unit, e2e]);
}

function finish(t0, phases) {
  const passed = phases.reduce((n, p) => n + p.passed, 0);
  const failed = phases.reduce((n, p) => n + p.failed, 0);
  const skipped = phases.reduce((n, p) => n + p.skipped, 0);
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
