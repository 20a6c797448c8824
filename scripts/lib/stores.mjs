// Which MariaDB, PostgreSQL and RabbitMQ the system uses, and the project's own instances of them.
//
// For each kind of store, in this order:
//  1. configured: `*_DATABASE_URL` / `RABBITMQ_URL` set in the environment or `.env` name the servers to use;
//  2. machine: this machine's server already accepts the default URL (root/postgres/guest on 127.0.0.1), as on a
//     development machine set up that way (skipped with STORES=own);
//  3. own: the project runs its own instance from Debian's binaries: data under `.data/stores/`, ports of its own,
//     an ordinary user with a generated password (kept in `.data/store-credentials.json`), run as an unprivileged
//     system user when started as root (PostgreSQL refuses root), started detached so that Ctrl-C in the terminal
//     reaches only `npm start`, which then stops them in order.
// Several runs may share the own instances (`npm start` and `npm test` side by side): each holds a lease file, and
// the last one to leave stops them. A run that finds them running (a crashed run left them) takes them over.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chownSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { root } from './env.mjs';
import { portOpen, waitFor, ensureDebianPackages, isRoot } from './infra.mjs';

const log = (m) => console.log(`[marketshare] ${m}`);

export const PG_VARS = ['AUTH_DATABASE_URL', 'PRODUCTS_DATABASE_URL', 'ORDERS_DATABASE_URL', 'EMAILS_DATABASE_URL'];
export const MYSQL_VARS = ['USERS_DATABASE_URL'];
const DB_NAME = { AUTH_DATABASE_URL: 'auth', PRODUCTS_DATABASE_URL: 'products', ORDERS_DATABASE_URL: 'orders', EMAILS_DATABASE_URL: 'emails', USERS_DATABASE_URL: 'users' };

/** The servers a machine set up for development answers on without a password. */
const MACHINE = {
  postgres: 'postgresql://postgres@127.0.0.1:5432',
  mariadb: 'mysql://root@127.0.0.1:3306',
  rabbitmq: 'amqp://guest:guest@127.0.0.1:5672',
};
const STORE_USER = 'marketshare';
const APP_USER = 'marketshare';
const ADMIN_USER = 'marketshare_admin';
const TITLE = { postgres: 'PostgreSQL', mariadb: 'MariaDB', rabbitmq: 'RabbitMQ' };
// what each own instance needs from Debian: command → package
const PACKAGES = {
  postgres: { initdb: 'postgresql' },
  mariadb: { mariadbd: 'mariadb-server', 'mariadb-install-db': 'mariadb-server', mariadb: 'mariadb-client' },
  rabbitmq: { 'rabbitmq-server': 'rabbitmq-server' },
};
// where Debian puts server programs that are not on an ordinary user's PATH
export const extraPath = () => ['/usr/sbin', '/sbin', ...pgBinDirs()];

function pgBinDirs() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return [];
  return readdirSync(base).sort((a, b) => Number(b) - Number(a)).map((v) => `${base}/${v}/bin`);
}

/** Hides the password of a URL, for output. */
export const redact = (url) => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/** Store settings from the environment (`loadEnv()` result). */
export function storeSettings(env) {
  const amqp = Number(env.STORE_AMQP_PORT ?? 15673);
  return {
    mode: env.STORES ?? 'auto',
    dir: env.STORES_DIR ?? join(root, '.data/stores'),
    credentialsFile: env.STORES_CREDENTIALS ?? join(root, '.data/store-credentials.json'),
    ports: { postgres: Number(env.STORE_PG_PORT ?? 15433), mariadb: Number(env.STORE_MYSQL_PORT ?? 13307), rabbitmq: amqp, rabbitmqDist: amqp + 1, epmd: amqp + 2 },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Probing

async function accepts(kind, url) {
  try {
    if (kind === 'postgres') {
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: `${url}/postgres`, connectionTimeoutMillis: 2000 });
      await c.connect();
      await c.end();
    } else if (kind === 'mariadb') {
      const mysql = await import('mysql2/promise');
      const c = await mysql.createConnection({ uri: url, connectTimeout: 2000 });
      await c.end();
    } else {
      const { default: amqp } = await import('amqplib');
      const c = await amqp.connect(url, { timeout: 2000 });
      await c.close();
    }
    return true;
  } catch {
    return false;
  }
}

/** The server part of a database URL (no database name). */
const serverOf = (url) => {
  const u = new URL(url);
  u.pathname = '';
  return u.toString().replace(/\/$/, '');
};

// ---------------------------------------------------------------------------------------------------------------
// Running things as the store user

const pathEnv = () => ({ ...process.env, PATH: [process.env.PATH, ...extraPath()].filter(Boolean).join(':') });
const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8', env: pathEnv() }).stdout.trim();

function storeUser() {
  if (!isRoot()) return { name: process.env.USER ?? 'current user', prefix: [], uid: process.getuid(), gid: process.getgid() };
  if (spawnSync('id', ['-u', STORE_USER], { stdio: 'ignore' }).status !== 0) {
    const r = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', STORE_USER], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`could not create the system user ${STORE_USER}: ${r.stderr.trim()}`);
  }
  const id = (flag) => Number(spawnSync('id', [flag, STORE_USER], { encoding: 'utf8' }).stdout.trim());
  return { name: STORE_USER, prefix: ['runuser', '-u', STORE_USER, '--'], uid: id('-u'), gid: id('-g') };
}

/** Runs a command as the store user; input goes to its stdin (secrets never on the command line). */
function runAs(user, cmd, args, { input, env = {}, what } = {}) {
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const r = spawnSync(user.prefix[0] ?? 'env', [...user.prefix.slice(1), ...(user.prefix.length ? ['env'] : []), ...envArgs, cmd, ...args], {
    input, encoding: 'utf8', env: pathEnv(),
  });
  if (r.status !== 0) throw new Error(`${what ?? cmd} failed (exit ${r.status}): ${(r.stderr || r.stdout || '').trim().slice(-800)}`);
  return r.stdout;
}

function mkdirFor(user, dir, mode = 0o700) {
  mkdirSync(dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode });
  if (isRoot()) chownSync(dir, user.uid, user.gid);
}

function writeFileFor(user, path, text, mode = 0o600) {
  writeFileSync(path, text, { mode });
  if (isRoot()) chownSync(path, user.uid, user.gid);
}

/**
 * The folder for the own stores' data. `.data/stores` in the checkout when the store user can reach it; a checkout
 * the store user cannot enter (one under /root, mode 700) gets its data in /var/lib/marketshare/<checkout>-<hash of
 * the folder>,
 * with `.data/stores` a symbolic link there.
 */
function dataDir(user, dir) {
  if (isLink(dir)) {
    const target = readlinkSync(dir);
    mkdirFor(user, target);
    return target;
  }
  mkdirFor(user, dir);
  if (!user.prefix.length || spawnSync(user.prefix[0], [...user.prefix.slice(1), 'test', '-w', dir], { stdio: 'ignore' }).status === 0) return dir;
  const target = `/var/lib/marketshare/${basename(root.replace(/\/$/, ''))}-${createHash('sha256').update(dir).digest('hex').slice(0, 8)}`;
  mkdirSync('/var/lib/marketshare', { recursive: true, mode: 0o755 });
  mkdirFor(user, target);
  rmSync(dir, { recursive: true, force: true });
  symlinkSync(target, dir);
  log(`the store user ${user.name} cannot reach ${dir}; the project's store data is in ${target} (${dir} links there)`);
  return target;
}

const isLink = (p) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Processes and pid files

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};
const cmdline = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};
const readPid = (file) => {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0].trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

/** The pid in a pid file when that process is alive and is the program expected; a stale file is removed. */
function livePid(file, program) {
  const pid = readPid(file);
  if (pid === undefined) return undefined;
  if (alive(pid) && cmdline(pid).includes(program)) return pid;
  rmSync(file, { force: true });
  return undefined;
}

async function stopPid(pid, name, timeoutMs = 30_000) {
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(() => !alive(pid), { timeoutMs, intervalMs: 100, what: `${name} to stop` });
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

function launch(user, cmd, args, logFile, env = {}) {
  const out = openSync(logFile, 'a');
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const child = spawn(user.prefix[0] ?? 'env', [...user.prefix.slice(1), ...(user.prefix.length ? ['env'] : []), ...envArgs, cmd, ...args], {
    detached: true, stdio: ['ignore', out, out], env: pathEnv(),
  });
  closeSync(out);
  child.unref();
  return child;
}

// ---------------------------------------------------------------------------------------------------------------
// The own instances

const password = () => randomBytes(18).toString('hex');

function readCredentials(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

function instances(dir, ports) {
  const pgBin = pgBinDirs()[0];
  const d = (k) => `${dir}/${k}`;
  const rabbitEnv = {
    HOME: `${d('rabbitmq')}/home`,
    RABBITMQ_NODENAME: 'marketshare@localhost',
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(ports.rabbitmq),
    RABBITMQ_DIST_PORT: String(ports.rabbitmqDist),
    ERL_EPMD_PORT: String(ports.epmd),
    RABBITMQ_CONFIG_FILE: `${d('rabbitmq')}/rabbitmq.conf`,
    RABBITMQ_ADVANCED_CONFIG_FILE: `${d('rabbitmq')}/advanced.config`,
    RABBITMQ_CONF_ENV_FILE: `${d('rabbitmq')}/rabbitmq-env.conf`,
    RABBITMQ_ENABLED_PLUGINS_FILE: `${d('rabbitmq')}/enabled_plugins`,
    RABBITMQ_MNESIA_BASE: `${d('rabbitmq')}/mnesia`,
    RABBITMQ_LOG_BASE: `${d('rabbitmq')}/log`,
    RABBITMQ_PID_FILE: `${d('rabbitmq')}/rabbitmq.pid`,
  };
  return {
    postgres: {
      dir: d('postgres'),
      pidFile: `${d('postgres')}/data/postmaster.pid`,
      program: 'postgres',
      port: ports.postgres,
      async init(user, creds) {
        const pwfile = `${this.dir}/pwfile`;
        writeFileFor(user, pwfile, `${creds.admin.password}\n`);
        try {
          runAs(user, `${pgBin}/initdb`, ['-D', `${this.dir}/data`, '-U', ADMIN_USER, `--pwfile=${pwfile}`, '--auth-local=scram-sha-256', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-instructions'], { what: 'initdb' });
        } finally {
          rmSync(pwfile, { force: true });
        }
      },
      start(user) {
        mkdirFor(user, `${this.dir}/run`);
        return launch(user, `${pgBin}/postgres`, ['-D', `${this.dir}/data`, '-p', String(this.port), '-k', `${this.dir}/run`, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'], `${this.dir}/postgres.log`);
      },
      url: (c) => `postgresql://${c.user}:${c.password}@127.0.0.1:${ports.postgres}`,
      async createUsers(user, creds) {
        const { default: pg } = await import('pg');
        const c = new pg.Client({ connectionString: `${this.url(creds.admin)}/postgres` });
        await c.connect();
        try {
          await c.query(`CREATE ROLE ${APP_USER} LOGIN CREATEDB PASSWORD '${creds.app.password}'`);
        } finally {
          await c.end();
        }
      },
      logFile: `${d('postgres')}/postgres.log`,
    },
    mariadb: {
      dir: d('mariadb'),
      pidFile: `${d('mariadb')}/mariadbd.pid`,
      program: 'mariadbd',
      port: ports.mariadb,
      async init(user) {
        runAs(user, which('mariadb-install-db'), ['--no-defaults', `--datadir=${this.dir}/data`, `--user=${user.name}`, '--auth-root-authentication-method=socket', '--skip-test-db'], { what: 'mariadb-install-db' });
      },
      start(user) {
        mkdirFor(user, `${this.dir}/run`);
        return launch(user, which('mariadbd'), [
          '--no-defaults', `--datadir=${this.dir}/data`, `--port=${this.port}`, '--bind-address=127.0.0.1', `--socket=${this.dir}/run/mysqld.sock`,
          `--pid-file=${this.pidFile}`, '--skip-name-resolve', `--log-error=${this.dir}/error.log`, '--max-connections=300',
        ], `${this.dir}/error.log`);
      },
      url: (c) => `mysql://${c.user}:${c.password}@127.0.0.1:${ports.mariadb}`,
      async createUsers(user, creds) {
        // the install made an account for the store user that logs in over the socket without a password
        runAs(user, which('mariadb'), ['--no-defaults', `--socket=${this.dir}/run/mysqld.sock`, '-u', user.name], {
          what: 'creating the MariaDB users',
          input: [
            `CREATE USER '${ADMIN_USER}'@'127.0.0.1' IDENTIFIED BY '${creds.admin.password}';`,
            `GRANT ALL PRIVILEGES ON *.* TO '${ADMIN_USER}'@'127.0.0.1' WITH GRANT OPTION;`,
            `CREATE USER '${APP_USER}'@'127.0.0.1' IDENTIFIED BY '${creds.app.password}';`,
            `GRANT ALL PRIVILEGES ON \`marketshare\\_%\`.* TO '${APP_USER}'@'127.0.0.1';`,
          ].join('\n'),
        });
      },
      logFile: `${d('mariadb')}/error.log`,
    },
    rabbitmq: {
      dir: d('rabbitmq'),
      pidFile: rabbitEnv.RABBITMQ_PID_FILE,
      program: 'beam',
      port: ports.rabbitmq,
      async init(user, creds) {
        for (const sub of ['home', 'mnesia', 'log']) mkdirFor(user, `${this.dir}/${sub}`);
        // the broker's own default user is the project's ordinary user; there is no guest
        writeFileFor(user, rabbitEnv.RABBITMQ_CONFIG_FILE, [
          `listeners.tcp.default = ${ports.rabbitmq}`,
          `default_user = ${APP_USER}`,
          `default_pass = ${creds.app.password}`,
          'default_vhost = /',
          'loopback_users = none',
          '',
        ].join('\n'));
        writeFileFor(user, rabbitEnv.RABBITMQ_ENABLED_PLUGINS_FILE, '[].\n');
        writeFileFor(user, rabbitEnv.RABBITMQ_CONF_ENV_FILE, '');
      },
      start(user) {
        // rabbitmqctl for this node: its name, port mapper and cookie are not the defaults
        const ctlEnv = ['HOME', 'RABBITMQ_NODENAME', 'ERL_EPMD_PORT', 'RABBITMQ_CONF_ENV_FILE'].map((k) => `${k}=${rabbitEnv[k]}`).join(' ');
        writeFileFor(user, this.ctl, `#!/bin/sh\nexec env ${ctlEnv} /usr/lib/rabbitmq/bin/rabbitmqctl -n ${rabbitEnv.RABBITMQ_NODENAME} "$@"\n`, 0o700);
        return launch(user, '/usr/lib/rabbitmq/bin/rabbitmq-server', [], `${this.dir}/log/server.log`, rabbitEnv);
      },
      ctl: `${d('rabbitmq')}/rabbitmqctl`,
      url: (c) => `amqp://${c.user}:${c.password}@127.0.0.1:${ports.rabbitmq}`,
      async createUsers() {},
      async afterStop(user) {
        // the node ran its own port mapper (ERL_EPMD_PORT); it outlives the node unless told to go
        const epmd = which('epmd') || readdirSync('/usr/lib/erlang').filter((f) => f.startsWith('erts-')).map((f) => `/usr/lib/erlang/${f}/bin/epmd`)[0];
        if (epmd) spawnSync(user.prefix[0] ?? 'env', [...user.prefix.slice(1), ...(user.prefix.length ? ['env'] : []), `ERL_EPMD_PORT=${ports.epmd}`, epmd, '-kill'], { stdio: 'ignore', env: pathEnv() });
      },
      logFile: `${d('rabbitmq')}/log/server.log`,
    },
  };
}

async function startOwn(kind, inst, user, creds, log) {
  const ready = `${inst.dir}/ready`;
  // a run that stopped during setup leaves a folder without the ready mark: nothing in it is worth keeping
  if (existsSync(inst.dir) && !existsSync(ready)) {
    await stopPid(livePid(inst.pidFile, inst.program), TITLE[kind]);
    rmSync(inst.dir, { recursive: true, force: true });
  }
  const fresh = !existsSync(ready);
  if (!fresh && !creds) {
    throw new Error(
      `the project's ${TITLE[kind]} in ${inst.dir} was set up with passwords that are no longer in the credentials file; ` +
        'run `npm run reset` to remove its data (and the demo data) and start afresh',
    );
  }
  const running = livePid(inst.pidFile, inst.program);
  if (running && (await portOpen(inst.port))) {
    log(`${TITLE[kind]}: the project's own instance is already running (pid ${running}); using it`);
    return { adopted: true };
  }
  if (running) await stopPid(running, TITLE[kind]);
  if (await portOpen(inst.port)) {
    throw new Error(
      `port ${inst.port} for the project's own ${TITLE[kind]} is taken by another program; ` +
        `set ${{ postgres: 'STORE_PG_PORT', mariadb: 'STORE_MYSQL_PORT', rabbitmq: 'STORE_AMQP_PORT' }[kind]} in .env to a free port`,
    );
  }
  mkdirFor(user, inst.dir);
  if (fresh) {
    log(`${TITLE[kind]}: setting up the project's own instance in ${inst.dir}...`);
    await inst.init(user, creds);
  }
  const child = inst.start(user);
  let exited = null;
  child.once('exit', (code) => (exited = code));
  try {
    await waitFor(
      async () => {
        if (exited !== null) throw new Error(`exited with code ${exited}`);
        return portOpen(inst.port);
      },
      { timeoutMs: 120_000, intervalMs: 200, what: `${TITLE[kind]} on port ${inst.port}` },
    );
    const login = () => waitFor(() => accepts(kind, inst.url(kind === 'rabbitmq' ? creds.app : creds.admin)), { timeoutMs: 60_000, intervalMs: 300, what: `${TITLE[kind]} to accept logins` });
    // PostgreSQL's admin exists from initdb and it answers its port before it accepts logins; MariaDB's admin is
    // made over the socket once the port answers
    if (kind === 'postgres') await login();
    if (fresh) await inst.createUsers(user, creds);
    if (kind !== 'postgres') await login();
    if (fresh) writeFileFor(user, ready, `${new Date().toISOString()}\n`);
  } catch (e) {
    await stopPid(livePid(inst.pidFile, inst.program), TITLE[kind]);
    throw new Error(`the project's ${TITLE[kind]} did not start: ${e.message}; its log is ${inst.logFile}`);
  }
  return { adopted: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Leases: which runs use the own instances

function leaseDir(dir) {
  return `${dir}/leases`;
}
/** Lease files of runs still alive (named <pid>-<random>); those of runs that died are removed. */
function liveLeases(dir) {
  const d = leaseDir(dir);
  if (!existsSync(d)) return [];
  return readdirSync(d).filter((f) => {
    if (alive(Number(f.split('-')[0]))) return true;
    rmSync(`${d}/${f}`, { force: true });
    return false;
  });
}

/**
 * The Debian packages the own stores will need, judged before `npm ci` (so they install meanwhile) from what can be
 * seen without a database client: a kind that is not configured and whose default port is closed.
 */
export async function likelyStorePackages(env) {
  const s = storeSettings(env);
  const guess = await Promise.all([
    ['postgres', PG_VARS, 5432],
    ['mariadb', MYSQL_VARS, 3306],
    ['rabbitmq', ['RABBITMQ_URL'], 5672],
  ].map(async ([k, vars, p]) => (!vars.some((v) => env[v]) && (s.mode === 'own' || !(await portOpen(p))) ? PACKAGES[k] : {})));
  return Object.assign({}, ...guess);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Decides on, and where needed sets up and starts, the stores. Returns the URLs for the services (merged into env
 * by the caller), the admin URLs of each server (for tests that create databases), and `stop()`, which stops the
 * project's own instances when no other run still uses them.
 */
export async function ensureStores(env, opts = {}) {
  const s = storeSettings(env);
  const kinds = ['postgres', 'mariadb', 'rabbitmq'];
  const configuredVars = { postgres: PG_VARS, mariadb: MYSQL_VARS, rabbitmq: ['RABBITMQ_URL'] };
  const plan = {};
  await Promise.all(
    kinds.map(async (k) => {
      const set = configuredVars[k].filter((v) => env[v]);
      if (set.length) plan[k] = { source: 'configured', server: k === 'rabbitmq' ? env.RABBITMQ_URL : serverOf(env[set[0]]) };
      else if (s.mode !== 'own' && (await accepts(k, MACHINE[k]))) plan[k] = { source: 'machine', server: MACHINE[k] };
      else plan[k] = { source: 'own' };
    }),
  );
  const own = kinds.filter((k) => plan[k].source === 'own');

  // Everything missing (with what the caller needs besides) is installed, or named in one message, before anything
  // is set up.
  await ensureDebianPackages(Object.assign({}, opts.packages, ...own.map((k) => PACKAGES[k])), { extraPath: extraPath() });

  let user;
  let dir;
  let insts;
  let lease;
  const started = [];
  if (own.length) {
    user = storeUser();
    dir = dataDir(user, s.dir);
    mkdirFor(user, leaseDir(dir));
    lease = `${leaseDir(dir)}/${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(lease, '');
    insts = instances(dir, s.ports);
    const creds = readCredentials(s.credentialsFile);
    for (const k of own) {
      // new passwords for an instance about to be set up; an instance that is set up keeps its own
      if (!existsSync(`${insts[k].dir}/ready`)) creds[k] = { admin: { user: k === 'rabbitmq' ? APP_USER : ADMIN_USER, password: password() }, app: { user: APP_USER, password: password() } };
    }
    writeFileSync(s.credentialsFile, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
    try {
      // one at a time: on two cores, three servers starting together take longer than one after another
      for (const k of own) {
        const r = await startOwn(k, insts[k], user, creds[k], opts.log ?? log);
        started.push(k);
        plan[k].server = insts[k].url(creds[k].app);
        plan[k].admin = k === 'rabbitmq' ? insts[k].url(creds[k].app) : insts[k].url(creds[k].admin);
        plan[k].adopted = r.adopted;
      }
    } catch (e) {
      rmSync(lease, { force: true });
      if (!liveLeases(dir).length) await stopOwn(started, insts, user);
      throw e;
    }
  }

  const urls = {};
  for (const v of PG_VARS) urls[v] = env[v] ?? `${plan.postgres.server}/marketshare_${DB_NAME[v]}`;
  for (const v of MYSQL_VARS) urls[v] = env[v] ?? `${plan.mariadb.server}/marketshare_${DB_NAME[v]}`;
  urls.RABBITMQ_URL = env.RABBITMQ_URL ?? plan.rabbitmq.server;
  const admin = {
    postgres: plan.postgres.admin ?? plan.postgres.server,
    mariadb: plan.mariadb.admin ?? plan.mariadb.server,
    rabbitmq: plan.rabbitmq.admin ?? plan.rabbitmq.server,
    rabbitmqctl: plan.rabbitmq.source === 'own' ? insts.rabbitmq.ctl : 'rabbitmqctl',
  };
  const describe = kinds.map((k) => {
    const p = plan[k];
    const where = p.source === 'own' ? `the project's own, ${redact(p.server)} (data in ${insts[k].dir})` : p.source === 'machine' ? `this machine's server, ${redact(p.server)}` : `configured, ${redact(p.server)}`;
    return `${TITLE[k].padEnd(10)} ${where}`;
  });
  let stopped = false;
  return {
    urls,
    admin,
    plan,
    describe,
    async stop() {
      if (stopped || !own.length) return;
      stopped = true;
      rmSync(lease, { force: true });
      if (liveLeases(dir).length) return;
      await stopOwn(started, insts, user);
    },
  };
}

async function stopOwn(kinds, insts, user) {
  await Promise.all(
    kinds.map(async (k) => {
      await stopPid(livePid(insts[k].pidFile, insts[k].program), TITLE[k]);
      await insts[k].afterStop?.(user);
    }),
  );
}

/**
 * `npm run reset`: stops the project's own instances (when no run uses them) and removes their data and
 * passwords. Returns false when a run still uses them.
 */
export async function removeOwnStores(env) {
  const s = storeSettings(env);
  if (!existsSync(s.dir)) return true;
  const dir = isLink(s.dir) ? readlinkSync(s.dir) : s.dir;
  if (liveLeases(dir).length) return false;
  const insts = instances(dir, s.ports);
  const user = isRoot() ? { prefix: ['runuser', '-u', STORE_USER, '--'] } : { prefix: [] };
  await stopOwn(Object.keys(insts).filter((k) => existsSync(insts[k].dir)), insts, user);
  rmSync(dir, { recursive: true, force: true });
  rmSync(s.dir, { recursive: true, force: true });
  rmSync(s.credentialsFile, { force: true });
  return true;
}

/**
 * The database URLs of `npm start` that live on servers other than the project's own (configured ones, or this
 * machine's when it accepts the defaults), for `npm run reset` to drop.
 */
export async function otherServersDatabases(env) {
  const out = {};
  const pick = async (vars, kind) => {
    for (const v of vars) {
      if (env[v]) out[v] = env[v];
      else if (await accepts(kind, MACHINE[kind])) out[v] = `${MACHINE[kind]}/marketshare_${DB_NAME[v]}`;
    }
  };
  if (storeSettings(env).mode !== 'own') {
    await pick(PG_VARS, 'postgres');
    await pick(MYSQL_VARS, 'mariadb');
  } else {
    for (const v of [...PG_VARS, ...MYSQL_VARS]) if (env[v]) out[v] = env[v];
  }
  return out;
}
