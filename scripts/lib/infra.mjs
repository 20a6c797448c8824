import { execFileSync, spawnSync } from 'node:child_process';
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

/**
 * Installs the Debian packages that provide missing commands ({ command: package }), when running as root;
 * otherwise stops with one message that names the command to run.
 */
export function ensureDebianPackages(wanted, { extraPath = [] } = {}) {
  const missing = Object.entries(wanted).filter(([cmd]) => !has(cmd, extraPath));
  if (!missing.length) return;
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))];
  // root, or an account with passwordless sudo, installs; anyone else is told the one command to run
  const sudo = isRoot() ? [] : spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] : undefined;
  if (!sudo) {
    throw new Error(`Missing ${missing.map(([c]) => c).join(', ')}, and only root can install them. Run:\n\n    sudo apt-get install -y ${pkgs.join(' ')}\n\nthen run this command again.`);
  }
  log(`installing ${pkgs.join(' ')} from Debian's packages...`);
  const apt = (args) => execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', ...pkgs]);
}
