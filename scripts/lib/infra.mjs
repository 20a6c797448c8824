import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { root } from './env.mjs';
import { connect } from 'node:net';

const log = (m) => console.log(`[marketshare] ${m}`);

export function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const s = connect({ port, host });
    const done = (ok) => (s.destroy(), resolve(ok));
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export async function waitFor(check, { timeoutMs = 60_000, intervalMs = 250, what = 'condition' } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const isRoot = () => process.getuid?.() === 0;
const has = (cmd, extraPath) =>
  spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore', env: { ...process.env, PATH: [process.env.PATH, ...extraPath].join(':') } }).status === 0;

/** Runs a command with its output in a log file; rejects with the log's last lines when it fails. */
export function runLogged(cmd, args, { logFile, env = process.env, cwd } = {}) {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', out, out], env, cwd });
  closeSync(out);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve();
      const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}); the end of ${logFile}:\n${tail}`));
    });
  });
}

const WITH_RECOMMENDS = new Set(['chromium']);

/**
 * Installs the Debian packages that provide missing commands ({ command: package }), when running as root or with
 * passwordless sudo; anyone else gets one message that names the command to run, thrown at once (before anything
 * is set up). Returns a promise of the installation, so other work can go on meanwhile.
 */
export function ensureDebianPackages(wanted, { extraPath = [], logFile = `${root}/.data/logs/apt.log` } = {}) {
  const missing = Object.entries(wanted).filter(([cmd]) => !has(cmd, extraPath));
  if (!missing.length) return Promise.resolve();
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))];
  const sudo = isRoot() ? [] : spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] : undefined;
  if (!sudo) {
    throw new Error(`Missing ${missing.map(([c]) => c).join(', ')}, and only root can install them. Run:\n\n    sudo apt-get install -y ${pkgs.join(' ')}\n\nthen run this command again.`);
  }
  log(`installing ${pkgs.join(' ')} from Debian's packages (log: ${relative(root, logFile)})...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => runLogged(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], { logFile, env });
  // servers need none of their recommended extras (a mail server, cron, locales); Chromium's bring its fonts
  const plain = pkgs.filter((p) => !WITH_RECOMMENDS.has(p));
  const rich = pkgs.filter((p) => WITH_RECOMMENDS.has(p));
  return apt(['update', '-qq'])
    .then(() => plain.length && apt(['install', '-y', '-qq', '--no-install-recommends', ...plain]))
    .then(() => rich.length && apt(['install', '-y', '-qq', ...rich]));
}
