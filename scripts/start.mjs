#!/usr/bin/env node
// `npm start`: installs what is missing, uses the configured or the machine's stores or starts the project's own
// (scripts/lib/stores.mjs), builds, starts every service, the web app, the dev mailbox and the HAProxy gateway, waits
// until all are ready, seeds demo data on the first run, prints where to open it, and stops everything (the project's
// own stores too) cleanly on Ctrl-C. Only Node built-ins are used before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setPriority } from 'node:os';
import { pathToFileURL } from 'node:url';
import { root, loadEnv } from './lib/env.mjs';
import { containerCgroup } from './lib/deployment-limits.mjs';

const log = (m) => console.log(`[marketshare] ${m}`);
const SERVICES = ['auth', 'users', 'products', 'orders', 'emails'];
// Sending e-mail is background work: it runs after the request that caused it has answered, through the outbox and
// the broker. On one machine it yields the CPU to the requests people wait for (a cluster gives it pods of its own);
// under a burst its queue grows and drains afterwards (bench/orders.mjs reports how long that takes).
const BACKGROUND = new Set(['emails', 'mailbox']);
const BACKGROUND_NICE = 10;

function runStep(title, cmd, args, opts = {}) {
  log(title);
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${title} failed (exit ${code})`))));
  });
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

export async function ensureInstalled() {
  const marker = `${root}/node_modules/.package-lock.json`;
  if (!existsSync(marker)) await runStep('installing npm packages (npm ci)...', 'npm', ['ci', '--no-audit', '--no-fund']);
  else if (mtime(`${root}/package-lock.json`) > mtime(marker)) await runStep('updating npm packages...', 'npm', ['install', '--no-audit', '--no-fund']);
}

/** A file under one of the folders (skipping build output) changed after `than`: whatever was built from them is stale. */
function changedSince(dirs, than) {
  const r = spawnSync('find', [...dirs, '-path', '*/node_modules', '-prune', '-o', '-path', '*/.next', '-prune', '-o', '-type', 'f', '-newer', than, '-print', '-quit'], { encoding: 'utf8' });
  return r.stdout.trim();
}

export async function build({ quiet = false } = {}) {
  await runStep('compiling services (tsc -b)...', `${root}/node_modules/.bin/tsc`, ['-b']);
  const web = `${root}/web`;
  if (existsSync(`${web}/package.json`) && existsSync(`${web}/src`)) {
    // the web app bundles the workspace packages it depends on (the contracts, the micro-cache, the kit's verifier):
    // a change in any of their sources makes the build stale, as one in the app's own
    const packages = Object.keys(JSON.parse(readFileSync(`${web}/package.json`, 'utf8')).dependencies ?? {})
      .filter((name) => name.startsWith('@marketshare/'))
      .map((name) => `${root}/packages/${name.slice('@marketshare/'.length)}/src`)
      .filter((dir) => existsSync(dir));
    const stale = !existsSync(`${web}/.next/BUILD_ID`) || changedSince([web, ...packages], `${web}/.next/BUILD_ID`);
    if (stale) await runStep('building the web app (next build)...', `${root}/node_modules/.bin/next`, ['build'], { cwd: web, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: quiet ? 'ignore' : 'inherit' });
  }
}

// How long a process may take to answer ready: a service starts in a few seconds on an idle machine, but five
// starting at once on two busy cores took over 90 s (load average 30).
const START_TIMEOUT_MS = 180_000;

async function waitReady(name, url, child, timeoutMs = START_TIMEOUT_MS) {
  const { waitFor } = await import('./lib/infra.mjs');
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see .data/logs/${name}.log`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        return res.ok;
      } catch {
        return false;
      }
    },
    { timeoutMs, what: `${name} at ${url}` },
  );
  // background work yields once it is up, not while it starts: niced from its launch, a second emails replica on a
  // busy machine (load average 56) was still not ready after three minutes
  if (BACKGROUND.has(name.replace(/-\d+$/, '')) && child.pid) {
    try {
      setPriority(child.pid, BACKGROUND_NICE);
    } catch {
      // not allowed here: it runs at normal priority, which is only slower under load
    }
  }
}

/**
 * Stops what a crashed run of this system left running (services hold their ports, so nothing new could start):
 * the processes in its pid file that are still alive and still work in this checkout. The file's first line is the
 * run itself: while that lives, the system is not left over but running.
 */
async function stopLeftovers(pidsFile) {
  if (!existsSync(pidsFile)) return;
  const ours = (pid) => {
    try {
      process.kill(pid, 0);
      return readlinkSync(`/proc/${pid}/cwd`).startsWith(root.replace(/\/$/, ''));
    } catch {
      return false;
    }
  };
  const [owner, ...pids] = readFileSync(pidsFile, 'utf8').split('\n').map(Number);
  if (owner !== process.pid && ours(owner)) {
    throw new Error(`this system is already running (npm start or npm test, pid ${owner}); stop it with Ctrl-C there, or: kill ${owner}`);
  }
  const left = pids.filter((pid) => pid > 0 && ours(pid));
  if (left.length) {
    log(`stopping ${left.length} processes that an earlier run left running (pids ${left.join(', ')})...`);
    for (const pid of left) process.kill(pid, 'SIGTERM');
    const until = Date.now() + 10_000;
    while (left.some(ours) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    for (const pid of left.filter(ours)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidsFile, { force: true });
}

/**
 * Starts the whole system with `env` (stores already answering: see useStores) and resolves when everything
 * answers. Returns `stop()`. Used by `npm start` and by the test run (with other ports and databases).
 */
export async function startSystem(env, { seed = true, web = true } = {}) {
  const logs = `${root}/.data/logs`;
  mkdirSync(logs, { recursive: true });
  // the processes of this system (by its gateway port), so a run that finds them left by a crashed one stops them
  const pidsFile = `${root}/.data/system-${env.GATEWAY_PORT}.pids`;
  await stopLeftovers(pidsFile);
  const children = [];
  let stopping = false;

  const launch = (name, cmd, args, opts = {}) => {
    const out = createWriteStream(`${logs}/${name}.log`, { flags: 'a' });
    const child = spawn(cmd, args, { cwd: root, env: { ...env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.on('exit', (code, signal) => {
      if (!stopping && !replicas.some((r) => r.child === child && r.stopping)) log(`${name} stopped unexpectedly (${signal ?? code}); see .data/logs/${name}.log`);
    });
    children.push({ name, child });
    writeFileSync(pidsFile, [process.pid, ...children.map((c) => c.child.pid)].join('\n') + '\n');
    // which process is which, for bench/soak.mjs's memory report
    writeFileSync(`${root}/.data/system-${env.GATEWAY_PORT}.json`, JSON.stringify(children.map((c) => ({ name: c.name, pid: c.child.pid }))));
    return child;
  };
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      [...children].reverse().map(
        ({ child }) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode) return resolve();
            const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => (clearTimeout(t), resolve()));
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(pidsFile, { force: true });
    rmSync(`${root}/.data/system-${env.GATEWAY_PORT}.json`, { force: true });
  };

  // every process of a service or of web, started again by restart() with the same command
  const replicas = [];
  const startReplica = async (r) => {
    r.child = launch(r.name, r.cmd, r.args, r.opts);
    await waitReady(r.name, r.readyUrl, r.child, r.service === 'web' ? START_TIMEOUT_MS + 30_000 : START_TIMEOUT_MS);
    return r;
  };
  const replicaOf = (service, cmd, args, k, basePort, readyPath, cwd) => {
    const n = replicaCount(env, service);
    const port = replicaPort(basePort, k);
    // CONTAINER_LIMITS=1: started through the images' entry point with its Deployment's memory limit, so Node's heap
    // is the one the cluster gives it (bench/soak.mjs measures memory so)
    const cgroup = env.CONTAINER_LIMITS === '1' ? containerCgroup(service) : null;
    const r = {
      service,
      name: n > 1 ? `${service}-${k + 1}` : service,
      server: n > 1 ? `${service}${k + 1}` : service,
      port,
      cmd: cgroup ? '/bin/sh' : cmd,
      args: cgroup ? [`${root}/deploy/docker/node-entry.sh`, cmd, ...args(port)] : args(port),
      // web renders guests' shared pages through its own port (PORT)
      opts: {
        cwd,
        env: { [`${service.toUpperCase()}_PORT`]: String(port), ...(service === 'web' && { PORT: String(port) }), REPLICA: String(k + 1), ...(cgroup && { CGROUP_ROOT: cgroup }) },
      },
      readyUrl: `http://127.0.0.1:${port}${readyPath}`,
    };
    replicas.push(r);
    return r;
  };

  try {
    const mailbox = launch('mailbox', process.execPath, [
      `${root}/scripts/lib/mailbox.mjs`,
      '--smtp', env.MAILBOX_SMTP_PORT, '--web', env.MAILBOX_WEB_PORT, '--ip', '127.0.0.1', '--silent',
    ]);
    await waitReady('mailbox', `http://127.0.0.1:${env.MAILBOX_WEB_PORT}/email`, mailbox);
    const present = SERVICES.filter((s) => existsSync(`${root}/services/${s}/dist/main.js`));
    for (const s of present) {
      const own = Array.from({ length: replicaCount(env, s) }, (_, k) =>
        replicaOf(s, process.execPath, () => [`${root}/services/${s}/dist/main.js`], k, env[`${s.toUpperCase()}_PORT`], '/readyz', `${root}/services/${s}`),
      );
      // auth first: the others fetch its keys lazily, but users answers password checks for auth
      if (s === 'auth') await startReplica(own[0]);
      else own[0].child = launch(own[0].name, own[0].cmd, own[0].args, own[0].opts);
    }
    // the first replica of each creates and migrates its database; the others start once that is done (two
    // replicas creating one database at the same time: one of them fails)
    const first = replicas.filter((r) => r.name.endsWith('-1') || !/-\d+$/.test(r.name));
    await Promise.all(first.filter((r) => r.service !== 'auth').map((r) => waitReady(r.name, r.readyUrl, r.child)));
    await Promise.all(replicas.filter((r) => !first.includes(r)).map(startReplica));
    if (web && existsSync(`${root}/web/.next/BUILD_ID`)) {
      const own = Array.from({ length: replicaCount(env, 'web') }, (_, k) =>
        replicaOf('web', `${root}/node_modules/.bin/next`, (port) => ['start', '-p', String(port), '-H', '127.0.0.1'], k, env.WEB_PORT, '/readyz', `${root}/web`),
      );
      await Promise.all(own.map(startReplica));
    }
    const gatewayCfg = writeGatewayConfig(env, replicas);
    const gw = launch('gateway', 'haproxy', ['-db', '-f', gatewayCfg.path]);
    await waitReady('gateway', `http://127.0.0.1:${env.GATEWAY_PORT}/.well-known/oauth-authorization-server`, gw);

    /**
     * Stops one replica (SIGTERM: it turns unready, drains and exits; or SIGKILL) and starts it again, resolving
     * when it is ready and the gateway sends to it again. Web has no readiness of its own to turn false, so the
     * gateway is told to stop sending to it first, as a cluster takes a stopping pod out of its endpoints.
     */
    const restart = async (name, { signal = 'SIGTERM' } = {}) => {
      const r = replicas.find((x) => x.name === name);
      if (!r) throw new Error(`no replica named ${name}`);
      const backend = `${r.service}/${r.server}`;
      if (r.service === 'web' && signal === 'SIGTERM') await gatewayCommand(gatewayCfg.socket, `set server ${backend} state drain`, 2000);
      r.stopping = true;
      const exited = new Promise((resolve) => (r.child.exitCode !== null || r.child.signalCode ? resolve() : r.child.once('exit', resolve)));
      r.child.kill(signal);
      await exited;
      r.stopping = false;
      await startReplica(r);
      if (r.service === 'emails') return; // it takes work from the broker, not from the gateway
      await gatewayCommand(gatewayCfg.socket, `set server ${backend} state ready`);
      // the gateway sends to it once two checks in a row passed
      const { waitFor } = await import('./lib/infra.mjs');
      await waitFor(async () => /UP/.test(await gatewayCommand(gatewayCfg.socket, 'show stat').then((t) => serverStatus(t, r.server))), { timeoutMs: 20_000, what: `${backend} up in the gateway` });
    };
    let demo;
    if (seed && existsSync(`${root}/scripts/seed.mjs`)) {
      const { seedDemoData } = await import('./seed.mjs');
      demo = await seedDemoData(env);
    }
    return { stop, children, demo, replicas, restart, gatewaySocket: gatewayCfg.socket };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * How many processes of `name` (a service or web) run: `<NAME>_REPLICAS`, else `SERVICE_REPLICAS`, else 1. A
 * cluster runs two to six of each; `SERVICE_REPLICAS=2` runs two of everything here too.
 */
export function replicaCount(env, name) {
  const raw = env[`${name.toUpperCase()}_REPLICAS`] ?? env.SERVICE_REPLICAS ?? '1';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error(`${name.toUpperCase()}_REPLICAS / SERVICE_REPLICAS must be a whole number from 1 to 9, not "${raw}"`);
  return n;
}

/** Replica k (from 0) listens on its process's port plus 100 per replica before it: 8050, 8150, 8250... */
export const replicaPort = (basePort, k) => Number(basePort) + 100 * k;

/**
 * Port of the gateway's internal entry to a replicated service (its base port plus one): services and web reach
 * each other through it, balanced over the replicas like a cluster's Service, with /internal routes allowed.
 */
const internalPort = (basePort) => Number(basePort) + 1;

/**
 * The gateway's configuration for this run: deploy/haproxy/haproxy.cfg with each backend's one server replaced by
 * one per replica, an internal entry per replicated service, and an admin socket (used to drain web on a restart).
 */
export function writeGatewayConfig(env, replicas) {
  const dir = `${root}/.data`;
  const socket = `${dir}/gateway-${env.GATEWAY_PORT}.sock`;
  mkdirSync(dir, { recursive: true });
  let cfg = readFileSync(`${root}/deploy/haproxy/haproxy.cfg`, 'utf8');
  cfg = cfg.replace(/^global\n/m, `global\n    stats socket ${socket} mode 600 level admin\n`);
  // Each replica twice: checked, and as an unchecked backup that takes traffic only when no checked one is up (with
  // allbackups, all of them). When every replica of a service reads as not ready at once, which is how a saturated
  // machine looks (late checks), requests still go to them instead of a 503 from here: Envoy's panic threshold. A
  // replica that is really gone refuses the connection and the request is redispatched to another.
  cfg = cfg.replace(/^(\s*)server (\w+) "\$\{\w+_ADDR\}" check$/gm, (line, indent, service) => {
    const own = replicas.filter((r) => r.service === service);
    if (own.length <= 1) return line;
    return [
      `${indent}option allbackups`,
      ...own.map((r) => `${indent}server ${r.server} 127.0.0.1:${r.port} check`),
      ...own.map((r) => `${indent}server ${r.server}-open 127.0.0.1:${r.port} backup`),
    ].join('\n');
  });
  const internal = SERVICES.filter((s) => s !== 'emails' && replicaCount(env, s) > 1);
  if (internal.length) {
    cfg += '\n# service to service, balanced over the replicas (not public: bound to the loopback address)\n';
    for (const s of internal) {
      cfg += `frontend internal_${s}\n    bind 127.0.0.1:${internalPort(env[`${s.toUpperCase()}_PORT`])}\n`;
      cfg += '    http-request disable-l7-retry if METH_POST !{ req.hdr(idempotency-key) -m found }\n';
      cfg += `    default_backend ${s}\n`;
    }
  }
  const path = `${dir}/gateway-${env.GATEWAY_PORT}.cfg`;
  writeFileSync(path, cfg);
  return { path, socket };
}

/** Sends one command to the gateway's admin socket and returns its answer. */
export function gatewayCommand(socket, command, settleMs = 0) {
  return new Promise((resolve, reject) => {
    let out = '';
    const conn = connect(socket, () => conn.end(`${command}\n`));
    conn.on('data', (d) => (out += d));
    conn.on('error', reject);
    conn.on('close', () => setTimeout(() => resolve(out), settleMs));
  });
}

/** A server's status (UP, DOWN, DRAIN, MAINT...) in the answer of `show stat`. */
function serverStatus(stat, server) {
  const header = stat.split('\n')[0].replace(/^# /, '').split(',');
  const row = stat.split('\n').find((l) => l.split(',')[1] === server);
  return row ? row.split(',')[header.indexOf('status')] : 'absent';
}

/** The environment every process gets: defaults from the env file, plus the addresses the gateway routes to. */
export function systemEnv(overrides = {}) {
  const env = loadEnv(overrides);
  const addr = (p) => `127.0.0.1:${env[p]}`;
  // a replicated service is reached through the gateway's internal entry for it, one replica directly
  const local = (p) => `http://127.0.0.1:${replicaCount(env, p.replace('_PORT', '')) > 1 ? internalPort(env[p]) : env[p]}`;
  return {
    ...env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    HOST: env.HOST ?? '127.0.0.1',
    GATEWAY_BIND: env.GATEWAY_BIND ?? '0.0.0.0',
    AUTH_URL: env.AUTH_URL ?? local('AUTH_PORT'),
    USERS_URL: env.USERS_URL ?? local('USERS_PORT'),
    PRODUCTS_URL: env.PRODUCTS_URL ?? local('PRODUCTS_PORT'),
    ORDERS_URL: env.ORDERS_URL ?? local('ORDERS_PORT'),
    AUTH_ADDR: addr('AUTH_PORT'),
    USERS_ADDR: addr('USERS_PORT'),
    PRODUCTS_ADDR: addr('PRODUCTS_PORT'),
    ORDERS_ADDR: addr('ORDERS_PORT'),
    WEB_ADDR: addr('WEB_PORT'),
    SMTP_URL: env.SMTP_URL ?? `smtp://127.0.0.1:${env.MAILBOX_SMTP_PORT}`,
    IMAGES_DIR: env.IMAGES_DIR?.startsWith('/') ? env.IMAGES_DIR : `${root}/${env.IMAGES_DIR ?? '.data/images'}`,
  };
}

/**
 * Installs what is missing from Debian's packages (`packages`: command → package, besides the stores' own), decides
 * which stores to use and starts the project's own where needed, and says which. Returns the stores (their URLs,
 * admin URLs and `stop()`).
 */
export async function useStores(packages = {}) {
  const { ensureStores } = await import('./lib/stores.mjs');
  const stores = await ensureStores(loadEnv(), { packages });
  log(`stores:\n${stores.describe.map((l) => `    ${l}`).join('\n')}`);
  return stores;
}

async function main() {
  const t0 = Date.now();
  // Debian's packages install while npm installs; the build runs while the stores start
  const { ensureDebianPackages } = await import('./lib/infra.mjs');
  const { extraPath, likelyStorePackages } = await import('./lib/stores.mjs');
  const packages = ensureDebianPackages({ haproxy: 'haproxy', ...(await likelyStorePackages(loadEnv())) }, { extraPath: extraPath() });
  packages.catch(() => undefined); // awaited below
  await ensureInstalled();
  await packages;
  const built = build();
  built.catch(() => undefined); // awaited below
  const stores = await useStores({ haproxy: 'haproxy' });
  let system;
  const shutdown = async () => {
    log('stopping...');
    await system?.stop();
    await stores.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    await built;
  } catch (e) {
    await stores.stop();
    throw e;
  }
  const env = systemEnv(stores.urls);
  try {
    system = await startSystem(env);
  } catch (e) {
    await stores.stop();
    throw e;
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const pub = env.PUBLIC_URL;
  console.log(`
  Marketshare is running (ready in ${secs} s)

    Open the marketplace   ${pub}
    Dev mailbox (e-mails)  http://localhost:${env.MAILBOX_WEB_PORT}
    Gateway metrics        http://127.0.0.1:${env.GATEWAY_STATS_PORT}/metrics
    Logs                   .data/logs/
${system.demo ? `\n  Demo accounts (password: ${system.demo.password})\n${system.demo.accounts.map((a) => `    ${a.role.padEnd(9)} ${a.username}`).join('\n')}\n` : ''}
  Press Ctrl-C to stop.
`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(`[marketshare] ${e.message}`);
    process.exit(1);
  });
}
