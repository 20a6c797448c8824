#!/usr/bin/env node
// `npm test`: ESLint with its type-checked rules over the whole tree, every workspace's tests against the real
// MariaDB, PostgreSQL and RabbitMQ (the same stores as `npm start`), then the whole system started as `npm start`
// does (its own databases, short order progression) for the browser journeys and gateway checks, then the container
// phases (a newcomer's run in a plain container among them). Prints one closing line: "N passed, N failed" (each
// linted file counts as one check: passed when ESLint finds no error in it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { root } from './lib/env.mjs';
import { build, ensureInstalled, startSystem, systemEnv, useStores } from './start.mjs';
import { DATABASE_VARS, dropDatabases } from './lib/databases.mjs';

const log = (m) => console.log(`[marketshare test] ${m}`);
const results = `${root}/.data/test-results`;

function vitest(name, args) {
  const out = `${results}/${name}.json`;
  rmSync(out, { force: true });
  const r = spawnSync(`${root}/node_modules/.bin/vitest`, ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    counts = { passed: j.numPassedTests, failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0), skipped: j.numPendingTests + j.numTodoTests };
    if (!j.success && counts.failed === 0) counts.failed = 1; // a file that failed to load counts as a failure
  } else if (r.status !== 0) counts.failed = 1;
  return counts;
}

/** ESLint over the tree, as `npm run lint` runs it; one check per file. */
async function lint() {
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(['.']);
  const failed = results.filter((r) => r.errorCount > 0);
  if (failed.length) console.log(await (await eslint.loadFormatter('stylish')).format(failed));
  log(`eslint: ${results.length - failed.length} files clean, ${failed.length} with errors`);
  return { passed: results.length - failed.length, failed: failed.length, skipped: 0 };
}

/** The e2e system's databases: on the same servers as `npm start`'s, named marketshare_e2e_<service>. */
function e2eDatabases(urls) {
  return Object.fromEntries(
    DATABASE_VARS.map((v) => {
      const u = new URL(urls[v]);
      u.pathname = `/marketshare_e2e_${v.replace('_DATABASE_URL', '').toLowerCase()}`;
      return [v, u.toString()];
    }),
  );
}

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

  log('eslint (type-checked rules)...');
  const linted = await lint();

  log('unit and integration tests (every workspace, real stores)...');
  const unit = vitest('unit', []);

  // The whole system for the journeys: default ports when free (so it is reached at http://localhost:8080
  // like `npm start`), shifted by 10000 when a development instance already holds them.
  const shift = (await portOpen(8080)) ? 10000 : 0;
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
    EMAIL_EXCHANGE: 'emails_e2e',
    EMAIL_QUEUE_PREFIX: 'e2e.',
    MAX_TIME_TO_PROGRESS: '4',
    LOG_LEVEL: 'info',
    // the journeys register many accounts from one address
    LOGIN_FAILURES_PER_WINDOW: '50',
    LOGIN_FAILURES_PER_ADDRESS: '500',
  });
  let e2e = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(`${root}/e2e/vitest.config.ts`)) {
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
      e2e = vitest('e2e', ['--config', 'e2e/vitest.config.ts']);
    } catch (e) {
      console.error(`[marketshare test] the system did not start: ${e.message}`);
      e2e.failed += 1;
    } finally {
      await system?.stop();
    }
  }
  await stores.stop();

  // what a newcomer does, in a plain Debian 12 + Node 20 container (skipped, saying why, without a Docker engine)
  log('a newcomer on a bare machine: npm start and npm test in a plain container...');
  const bare = vitest('bare-machine', ['--config', 'scripts/bare-machine/vitest.config.mjs']);

  const phases = [linted, unit, e2e, bare];
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
