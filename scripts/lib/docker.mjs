// A Docker engine and a Debian + Node base image made on this machine, for the tests that build and run
// containers where Docker Hub is out of reach. Only Node built-ins: this runs before `npm ci`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The image made by ensureBaseImage: Debian 12 minbase with this machine's Node 20 and npm. */
export const BASE_IMAGE = 'marketshare/debian-node:20';

const log = (m) => console.log(`[marketshare] ${m}`);
const isRoot = () => process.getuid?.() === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const which = (cmd) => {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
};

/**
 * The docker client to use. Debian's own client (docker.io) builds with BuildKit when DOCKER_BUILDKIT=1; a newer
 * client earlier in PATH needs the buildx plugin for that, which Debian does not package.
 */
export function dockerClient() {
  return existsSync('/usr/bin/docker') ? '/usr/bin/docker' : (which('docker') ?? 'docker');
}

/** Runs the docker client; returns { status, stdout, stderr }. */
export function docker(args, options = {}) {
  const r = spawnSync(dockerClient(), args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

const engineAnswers = () => docker(['version', '--format', '{{.Server.Version}}'], { timeout: 15_000 }).status === 0;

/**
 * Makes sure a Docker engine answers. When dockerd is installed but not running and we are root, starts it in the
 * background (there is no systemd here) and waits for it.
 * @returns {Promise<{ ok: true } | { ok: false, reason: string }>} callers skip with the reason when ok is false
 */
export async function ensureDockerEngine({ timeoutMs = 60_000 } = {}) {
  // a quick local run of `npm test` can leave the container phases out; CI never sets it
  if (process.env.MARKETSHARE_SKIP_CONTAINERS === '1') return { ok: false, reason: 'MARKETSHARE_SKIP_CONTAINERS=1' };
  if (!which('docker') && !existsSync('/usr/bin/docker')) return { ok: false, reason: 'no docker client installed (Debian package docker.io)' };
  if (engineAnswers()) return { ok: true };
  if (process.env.DOCKER_HOST) return { ok: false, reason: `the Docker engine at DOCKER_HOST=${process.env.DOCKER_HOST} does not answer` };
  const dockerd = which('dockerd');
  if (!dockerd) return { ok: false, reason: 'no Docker engine answers and dockerd is not installed (Debian package docker.io)' };
  if (!isRoot()) return { ok: false, reason: 'no Docker engine answers; start it with: sudo dockerd &' };
  const logFile = join(tmpdir(), 'marketshare-dockerd.log');
  log(`starting dockerd in the background (log: ${logFile})...`);
  const out = openSync(logFile, 'a');
  const child = spawn(dockerd, [], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  child.unref();
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !exited) {
    if (engineAnswers()) return { ok: true };
    await sleep(500);
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
  return { ok: false, reason: `dockerd ${exited ? 'exited' : 'did not answer in time'}${tail ? `: ${tail}` : ''}` };
}

/** The apt sources of this machine: [{ file, uris, suites, components, signedBy }]. */
export function aptSources(etc = '/etc/apt') {
  const entries = [];
  const dir = join(etc, 'sources.list.d');
  const files = [join(etc, 'sources.list'), ...(existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [])];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name) => stanza.match(new RegExp(`^${name}:\\s*(.+)$`, 'mi'))?.[1].trim().split(/\s+/) ?? [];
        if (!field('Types').includes('deb') || field('Enabled')[0] === 'no') continue;
        entries.push({ file, uris: field('URIs'), suites: field('Suites'), components: field('Components'), signedBy: field('Signed-By')[0] });
      }
    } else if (file.endsWith('.list') || file === join(etc, 'sources.list')) {
      for (const line of text.split('\n')) {
        const m = line.trim().match(/^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/);
        if (!m) continue;
        const signedBy = m[1]?.match(/signed-by=(\S+)/)?.[1];
        entries.push({ file, uris: [m[2]], suites: [m[3]], components: m[4].split(/\s+/).filter(Boolean), signedBy });
      }
    }
  }
  return entries;
}

/** The Debian mirror that serves bookworm itself, as this machine's apt sources name it. */
export function debianMirror(etc = '/etc/apt') {
  const entry = aptSources(etc).find((e) => e.suites.includes('bookworm') && e.components.includes('main'));
  if (!entry) throw new Error(`no apt source for Debian bookworm main in ${etc}; add one (deb <mirror> bookworm main) and retry`);
  return entry.uris[0];
}

/** The CA bundle npm uses here (its `cafile` setting), or null. */
function npmCafile(npmCli) {
  const r = spawnSync(process.execPath, [npmCli, 'config', 'get', 'cafile'], { encoding: 'utf8' });
  const value = r.status === 0 ? r.stdout.trim() : '';
  return value && value !== 'null' && value !== 'undefined' && existsSync(value) ? value : null;
}

function npmFolder() {
  const candidates = [
    join(dirname(dirname(process.execPath)), 'lib', 'node_modules', 'npm'),
    process.env.npm_execpath && dirname(dirname(process.env.npm_execpath)),
    which('npm') && dirname(dirname(realpathSync(which('npm')))),
  ];
  const found = candidates.find((d) => d && existsSync(join(d, 'bin', 'npm-cli.js')));
  if (!found) throw new Error('cannot find the npm folder of this machine (expected lib/node_modules/npm next to node)');
  return found;
}

const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });

/** One base image made at a time on this machine, even by parallel test runs. */
async function withLock(name, fn, { staleMs = 20 * 60_000 } = {}) {
  const lock = join(tmpdir(), `${name}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* taken meanwhile */
      }
      await sleep(2000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const NODE_LABEL = 'org.marketshare.node-version';
/** The image is here and carries this machine's Node version (a Node upgrade here makes it again). */
const imageCurrent = (name) => {
  const r = docker(['image', 'inspect', '--format', `{{index .Config.Labels "${NODE_LABEL}"}}`, name]);
  return r.status === 0 && r.stdout.trim() === process.version;
};

/**
 * Makes the base image when it is missing or carries another Node version than this machine's, and keeps it
 * between runs: Debian bookworm (debootstrap minbase from the
 * mirror in this machine's apt sources), this machine's node and npm, its apt sources, its CA bundle as npm's
 * cafile and as NODE_EXTRA_CA_CERTS, and a `node` user (uid 1000) as in the official node images.
 * @returns {Promise<string>} the image name
 */
export async function ensureBaseImage({ name = BASE_IMAGE } = {}) {
  if (imageCurrent(name)) return name;
  if (!isRoot()) throw new Error(`the base image ${name} is missing and only root can make it (debootstrap); run the tests as root once`);
  if (!which('debootstrap')) throw new Error(`the base image ${name} needs debootstrap: apt-get install -y debootstrap`);
  return withLock('marketshare-base-image', async () => {
    if (imageCurrent(name)) return name;
    const started = Date.now();
    const mirror = debianMirror();
    const root = mkdtempSync(join(tmpdir(), 'marketshare-rootfs-'));
    try {
      log(`making ${name}: debootstrap bookworm from ${mirror} (about 2 minutes)...`);
      sh('debootstrap', ['--variant=minbase', '--include=ca-certificates', 'bookworm', root, mirror], { stdio: ['ignore', 'ignore', 'inherit'] });

      const npm = npmFolder();
      mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
      mkdirSync(join(root, 'usr/local/lib/node_modules'), { recursive: true });
      copyFileSync(process.execPath, join(root, 'usr/local/bin/node'));
      sh('cp', ['-a', npm, join(root, 'usr/local/lib/node_modules/npm')]);
      symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/local/bin/npm'));
      symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr/local/bin/npx'));

      // The machine's apt sources replace debootstrap's single line, with the keyrings they name.
      const sources = aptSources();
      rmSync(join(root, 'etc/apt/sources.list'), { force: true });
      for (const file of new Set(sources.map((s) => s.file))) copyInto(root, file, join('/etc/apt/sources.list.d', basename(file)));
      for (const keyring of new Set(sources.map((s) => s.signedBy).filter(Boolean))) {
        if (existsSync(keyring) && !existsSync(join(root, keyring))) copyInto(root, keyring);
      }

      // ca-certificates is installed first so a later package install cannot regenerate the bundle over ours.
      const env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
      const cafile = npmCafile(join(npm, 'bin/npm-cli.js'));
      if (cafile) {
        copyInto(root, cafile);
        mkdirSync(join(root, 'usr/local/etc'), { recursive: true });
        writeFileSync(join(root, 'usr/local/etc/npmrc'), `cafile=${cafile}\nupdate-notifier=false\n`);
        env.push(`NODE_EXTRA_CA_CERTS=${cafile}`);
      }

      sh('chroot', [root, 'groupadd', '--gid', '1000', 'node']);
      sh('chroot', [root, 'useradd', '--uid', '1000', '--gid', 'node', '--shell', '/bin/bash', '--create-home', 'node']);
      for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
        for (const f of readdirSync(join(root, dir))) if (f.endsWith('.deb') || f.includes('_dists_')) rmSync(join(root, dir, f), { force: true });
      }

      await importRootfs(root, name, [...env.map((e) => `ENV ${e}`), `LABEL ${NODE_LABEL}=${process.version}`, 'CMD ["node"]']);
      log(`made ${name} in ${Math.round((Date.now() - started) / 1000)} s`);
      return name;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

function copyInto(root, file, target = file) {
  mkdirSync(join(root, dirname(target)), { recursive: true });
  copyFileSync(file, join(root, target));
}

/** tar -C ROOT -c . | docker import - NAME, with Dockerfile instructions applied. */
function importRootfs(root, name, changes) {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn(dockerClient(), ['import', ...changes.flatMap((c) => ['--change', c]), '-', name], { stdio: ['pipe', 'ignore', 'inherit'] });
    tar.stdout.pipe(imp.stdin);
    const exited = (child) => new Promise((res) => (child.once('exit', res), child.once('error', () => res(-1))));
    Promise.all([exited(tar), exited(imp)]).then(([t, i]) =>
      t === 0 && i === 0 ? resolve() : reject(new Error(`docker import of ${name} failed (tar exit ${t}, import exit ${i})`)),
    );
  });
}
