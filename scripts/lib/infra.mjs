import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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

const isRoot = () => process.getuid?.() === 0;
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

/** Installs Debian packages that provide missing commands, when running as root; otherwise explains. */
export function ensureDebianPackages(wanted) {
  const missing = Object.entries(wanted).filter(([cmd]) => !has(cmd));
  if (!missing.length) return;
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))];
  if (!isRoot()) {
    throw new Error(`Missing ${missing.map(([c]) => c).join(', ')}. Install them with: sudo apt-get install -y ${pkgs.join(' ')}`);
  }
  log(`installing ${pkgs.join(' ')} from Debian's packages...`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Starts MariaDB, PostgreSQL and RabbitMQ when they are installed here but not answering. */
export async function ensureStores({ mysqlPort = 3306, pgPort = 5432, amqpPort = 5672 } = {}) {
  const starters = [
    {
      name: 'MariaDB',
      port: mysqlPort,
      start: () =>
        run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd']) ||
        run('/etc/init.d/mariadb', ['start']),
    },
    {
      name: 'PostgreSQL',
      port: pgPort,
      start: () => {
        const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
        return versions.some((v) => run('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start']) || run('pg_ctlcluster', [v, 'main', 'start']));
      },
    },
    { name: 'RabbitMQ', port: amqpPort, start: () => run('rabbitmq-server', ['-detached']) },
  ];
  await Promise.all(
    starters.map(async (s) => {
      if (await portOpen(s.port)) return;
      log(`${s.name} is not answering on ${s.port}; starting it...`);
      if (!s.start()) throw new Error(`${s.name} is not running on port ${s.port} and could not be started here; start it and retry.`);
      await waitFor(() => portOpen(s.port), { timeoutMs: 90_000, what: s.name });
      log(`${s.name} is up`);
    }),
  );
}
