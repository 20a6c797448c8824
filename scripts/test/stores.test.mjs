// The project's own stores, run from Debian's binaries as `npm start` runs them on a machine whose servers do not
// accept the defaults: set up from nothing, taken over after a crash, set up again after a half-done setup, shared
// by two runs, refused a taken port, moved out of a folder the store user cannot reach, and removed by reset.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import mysql from 'mysql2/promise';
import amqp from 'amqplib';
import { ensureStores, removeOwnStores } from '../lib/stores.mjs';
import { portOpen } from '../lib/infra.mjs';

const haveBinaries = ['mariadbd', 'rabbitmq-server'].every((c) => spawnSync('sh', ['-c', `PATH=$PATH:/usr/sbin command -v ${c}`]).status === 0) && existsSync('/usr/lib/postgresql');
const isRoot = process.getuid?.() === 0;
if (!haveBinaries || !isRoot) console.log('[stores test] skipped: needs root and Debian\'s mariadb-server, postgresql and rabbitmq-server installed');

const base = mkdtempSync(`${tmpdir()}/marketshare-stores-`);
chmodSync(base, 0o755);
const port = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });

async function settings(dir) {
  // RabbitMQ takes the AMQP port and the two after it
  let amqpPort = await port();
  while (!(await free(amqpPort + 1)) || !(await free(amqpPort + 2))) amqpPort = await port();
  return { STORES: 'own', STORES_DIR: dir, STORES_CREDENTIALS: `${dir}.credentials.json`, STORE_PG_PORT: String(await port()), STORE_MYSQL_PORT: String(await port()), STORE_AMQP_PORT: String(amqpPort) };
}
const free = async (p) => !(await portOpen(p));
const quiet = () => undefined;

async function useAll(stores) {
  const c = new pg.Client({ connectionString: stores.urls.AUTH_DATABASE_URL.replace(/\/[^/]+$/, '/postgres') });
  await c.connect();
  await c.query('DROP DATABASE IF EXISTS marketshare_probe');
  await c.query('CREATE DATABASE marketshare_probe');
  await c.end();
  const m = await mysql.createConnection(stores.urls.USERS_DATABASE_URL.replace(/\/[^/]+$/, '/'));
  await m.query('CREATE DATABASE IF NOT EXISTS marketshare_probe');
  await m.end();
  const admin = await mysql.createConnection(stores.admin.mariadb);
  await admin.query('CREATE DATABASE IF NOT EXISTS t_probe');
  await admin.end();
  const conn = await amqp.connect(stores.urls.RABBITMQ_URL);
  const ch = await conn.createConfirmChannel();
  const q = await ch.assertQueue('', { exclusive: true });
  ch.sendToQueue(q.queue, Buffer.from('hello'));
  await ch.waitForConfirms();
  await conn.close();
}

const pids = (dir) => ({
  postgres: Number(readFileSync(`${dir}/postgres/data/postmaster.pid`, 'utf8').split('\n')[0]),
  mariadb: Number(readFileSync(`${dir}/mariadb/mariadbd.pid`, 'utf8')),
  rabbitmq: Number(readFileSync(`${dir}/rabbitmq/rabbitmq.pid`, 'utf8')),
});

describe.skipIf(!haveBinaries || !isRoot)("the project's own stores", () => {
  const dir = `${base}/stores`;
  let env;
  afterAll(async () => {
    if (env) await removeOwnStores(env);
    rmSync(base, { recursive: true, force: true });
  });

  it('are set up from nothing, with ordinary users whose passwords stay in a private file', async () => {
    env = await settings(dir);
    const stores = await ensureStores(env, { log: quiet });
    expect(stores.plan.postgres.source).toBe('own');
    expect(stores.describe.join('\n')).not.toMatch(/:[0-9a-f]{36}@/);
    expect(stores.urls.USERS_DATABASE_URL).toMatch(/^mysql:\/\/marketshare:[0-9a-f]+@127\.0\.0\.1:\d+\/marketshare_users$/);
    await useAll(stores);
    // the ordinary MariaDB user cannot make databases outside the project's names
    const m = await mysql.createConnection(stores.urls.USERS_DATABASE_URL.replace(/\/[^/]+$/, '/'));
    await expect(m.query('CREATE DATABASE other_probe')).rejects.toThrow(/denied/i);
    await m.end();
    expect(statSync(env.STORES_CREDENTIALS).mode & 0o077).toBe(0);
    // they run as the unprivileged store user, not root
    for (const pid of Object.values(pids(dir))) expect(statSync(`/proc/${pid}`).uid).not.toBe(0);
    await stores.stop();
    for (const p of [env.STORE_PG_PORT, env.STORE_MYSQL_PORT, env.STORE_AMQP_PORT]) expect(await portOpen(Number(p))).toBe(false);
  }, 240_000);

  it('come back after every store was killed, leaving stale pid files', async () => {
    const first = await ensureStores(env, { log: quiet });
    for (const pid of Object.values(pids(dir))) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const again = await ensureStores(env, { log: quiet });
    await useAll(again);
    await first.stop(); // the crashed run's lease is gone with it; the second run still holds its own
    expect(await portOpen(Number(env.STORE_PG_PORT))).toBe(true);
    await again.stop();
    expect(await portOpen(Number(env.STORE_PG_PORT))).toBe(false);
  }, 240_000);

  it('are taken over by a second run and stopped only when the last run leaves', async () => {
    const a = await ensureStores(env, { log: quiet });
    const lines = [];
    const b = await ensureStores(env, { log: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/already running/);
    await a.stop();
    await useAll(b);
    await b.stop();
    expect(await portOpen(Number(env.STORE_MYSQL_PORT))).toBe(false);
  }, 240_000);

  it('are set up again when a setup was cut short', async () => {
    rmSync(`${dir}/postgres/ready`);
    writeFileSync(`${dir}/postgres/data/PG_VERSION`, 'garbage');
    const lines = [];
    const stores = await ensureStores(env, { log: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/PostgreSQL: setting up/);
    await useAll(stores);
    // the broker's control command reaches this node (its own name, port mapper and cookie)
    const ctl = spawnSync(stores.admin.rabbitmqctl, ['list_connections', '-q'], { encoding: 'utf8' });
    expect(ctl.status, ctl.stderr).toBe(0);
    await stores.stop();
  }, 240_000);

  it('say which setting to change when their port is taken', async () => {
    const blocker = createServer().listen(Number(env.STORE_PG_PORT), '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      await expect(ensureStores(env, { log: quiet })).rejects.toThrow(/port \d+ .*taken.*STORE_PG_PORT/);
    } finally {
      blocker.close();
    }
    // nothing is left running from the attempt
    expect(await portOpen(Number(env.STORE_MYSQL_PORT))).toBe(false);
  });

  it('say what is wrong when their passwords are lost', async () => {
    const saved = readFileSync(env.STORES_CREDENTIALS, 'utf8');
    rmSync(env.STORES_CREDENTIALS);
    await expect(ensureStores(env, { log: quiet })).rejects.toThrow(/npm run reset/);
    writeFileSync(env.STORES_CREDENTIALS, saved, { mode: 0o600 });
  });

  it('without root, name the one command that installs what is missing', () => {
    // a copy the store user can read (a checkout under /root is closed to it)
    const lib = `${base}/lib`;
    mkdirSync(lib, { recursive: true });
    for (const f of ['infra.mjs', 'env.mjs']) copyFileSync(new URL(`../lib/${f}`, import.meta.url), `${lib}/${f}`);
    const script = `import { ensureDebianPackages } from '${lib}/infra.mjs';
      try { ensureDebianPackages({ 'marketshare-no-such-command': 'marketshare-no-such-package', haproxy: 'haproxy' }); console.log('no error'); }
      catch (e) { console.log(e.message); }`;
    const r = spawnSync('runuser', ['-u', 'marketshare', '--', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8', cwd: '/' });
    expect(r.stdout).toMatch(/only root can install them/);
    expect(r.stdout).toContain('sudo apt-get install -y marketshare-no-such-package\n');
  });

  it('keep their data where the store user can reach it, and reset removes it', async () => {
    const closed = `${base}/closed`;
    mkdirSync(closed, { mode: 0o700 });
    const inside = await settings(`${closed}/stores`);
    const stores = await ensureStores(inside, { log: quiet });
    try {
      expect(lstatSync(inside.STORES_DIR).isSymbolicLink()).toBe(true);
      expect(readlinkSync(inside.STORES_DIR)).toMatch(/^\/var\/lib\/marketshare\//);
      await useAll(stores);
    } finally {
      await stores.stop();
    }
    const target = readlinkSync(inside.STORES_DIR);
    expect(await removeOwnStores(inside)).toBe(true);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(inside.STORES_DIR)).toBe(false);
    expect(existsSync(inside.STORES_CREDENTIALS)).toBe(false);
  });
});
