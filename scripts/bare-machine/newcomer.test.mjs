// What a newcomer does, on a machine with nothing but Debian 12 and Node 20: a container of the locally made base
// image, on Docker's default bridge (its own network namespace, so none of this machine's servers on 127.0.0.1 are
// in reach), with the checkout's tracked files copied in as a clone has them. There: `npm start` (cold: it installs
// the stores and HAProxy from Debian and runs its own), wait for the gateway, log in as a demo account through
// /oauth/token and list products; Ctrl-C; `npm start` again (warm); kill it (a crash) and start once more; then
// `npm test` (every test that needs no Docker engine; the full `npm test` here runs them only there, and writes its
// counts to .data/test-results/inside.json). Prints the seconds to ready and the test result. Skips, saying why, where no Docker engine can be had (inside that container, for one).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { root, parseEnvFile } from '../lib/env.mjs';
import { docker, dockerClient, ensureBaseImage, ensureDockerEngine } from '../lib/docker.mjs';

const engine = await ensureDockerEngine();
if (!engine.ok) console.log(`[bare machine] skipped: no Docker engine (${engine.reason})`);

const name = `marketshare-newcomer-${randomBytes(3).toString('hex')}`;
const home = '/root/marketshare'; // where root's clone would be: a folder the stores' own user cannot enter
const say = (m) => console.log(`[bare machine] ${m}`);
const figures = {};

function exec(script, { input, timeout = 120_000 } = {}) {
  const r = docker(['exec', ...(input ? ['-i'] : []), name, 'sh', '-c', script], { input, timeout });
  return r;
}

/** Starts `npm start` in its own session, as a terminal would run it, with its output in a log file. */
function npmStart(run) {
  const log = `/root/npm-start-${run}.log`;
  const child = spawn(dockerClient(), ['exec', name, 'setsid', '--wait', 'sh', '-c', `echo $$ > /root/npm-start.pid; cd ${home} && exec npm start > ${log} 2>&1`], { stdio: 'ignore' });
  let exited = null;
  child.on('exit', (code) => (exited = code ?? 1));
  return { log, exited: () => exited, child };
}

const gatewayAnswers = () =>
  exec(`node -e "fetch('http://127.0.0.1:8080/.well-known/oauth-authorization-server').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`, { timeout: 20_000 }).status === 0;

async function untilReady(run, started, timeoutMs) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (run.exited() !== null) throw new Error(`npm start exited with ${run.exited()}:\n${exec(`tail -40 ${run.log}`).stdout}`);
    if (exec(`grep -q 'Marketshare is running' ${run.log}`).status === 0 && gatewayAnswers()) return (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`not ready after ${timeoutMs / 1000} s:\n${exec(`tail -40 ${run.log}`).stdout}`);
}

/** Ctrl-C: SIGINT to the whole foreground process group, then wait for npm start to finish stopping. */
async function ctrlC(run) {
  exec('kill -INT -$(cat /root/npm-start.pid)'); // dash's kill takes no --
  const t0 = Date.now();
  while (run.exited() === null && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 500));
  expect(run.exited(), 'npm start did not stop within a minute of Ctrl-C').not.toBeNull();
}

/** The demo journey through the gateway, from inside the container: a password login and the catalog. */
function loginAndList() {
  const secret = parseEnvFile(`${root}/.env.example`).WEB_CLIENT_SECRET;
  const script = `
    const base = 'http://127.0.0.1:8080';
    const tok = await fetch(base + '/oauth/token', {
      method: 'POST',
      headers: { authorization: 'Basic ' + Buffer.from('marketshare-web:' + process.env.SECRET).toString('base64'), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'compras_acme', password: process.env.DEMO_PASSWORD }),
    });
    const token = (await tok.json()).access_token;
    const list = await fetch(base + '/api/products?pageSize=5', { headers: { authorization: 'Bearer ' + token } });
    const page = await list.json();
    console.log(JSON.stringify({ login: tok.status, list: list.status, total: page.total, first: page.items?.[0]?.name }));`;
  const r = docker(['exec', '-e', `SECRET=${secret}`, '-e', `DEMO_PASSWORD=${parseEnvFile(`${root}/.env.example`).DEMO_PASSWORD}`, name, 'node', '--input-type=module', '-e', script], { timeout: 30_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Which of the stores' ports still answer inside the container. */
function openPorts(ports) {
  const r = exec(`node -e "const n = require('net'); Promise.all(${JSON.stringify(ports)}.map((p) => new Promise((ok) => { const s = n.connect(p, '127.0.0.1'); s.on('connect', () => (s.destroy(), ok(p))); s.on('error', () => ok(0)); }))).then((a) => console.log(a.filter(Boolean).join(',')))"`);
  return r.stdout.trim();
}

describe.skipIf(!engine.ok)('a newcomer on a plain Debian 12 with Node 20', () => {
  afterAll(() => {
    if (process.env.KEEP_NEWCOMER_CONTAINER) say(`left the container ${name} running`);
    else docker(['rm', '-f', name], { timeout: 60_000 });
    say(`ready in ${figures.cold ?? '-'} s cold, ${figures.warm ?? '-'} s warm, ${figures.afterCrash ?? '-'} s after a crash; npm test inside: ${figures.test ?? 'not run'}`);
  });

  it('gets the marketplace running with npm start, cold and warm, and npm test passes there', async () => {
    const image = await ensureBaseImage();
    const run = docker(['run', '-d', '--name', name, '--hostname', 'newcomer', image, 'sleep', 'infinity'], { timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    // the tracked files, as a clone has them
    const files = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'buffer' }).stdout;
    const tar = spawnSync('tar', ['-C', root, '--null', '-T', '-', '--ignore-failed-read', '-c', '-f', '-'], { input: files, maxBuffer: 1 << 30 });
    expect(tar.status).toBe(0);
    const copy = exec(`mkdir -p ${home} && tar -x -C ${home}`, { input: tar.stdout });
    expect(copy.status, copy.stderr).toBe(0);

    const coldStart = Date.now();
    const cold = npmStart('cold');
    figures.cold = (await untilReady(cold, coldStart, 20 * 60_000)).toFixed(0);
    say(`cold npm start ready in ${figures.cold} s`);
    const stores = exec(`grep -A3 'stores:' ${cold.log}`).stdout;
    say(`it used:\n${stores}`);
    const first = loginAndList();
    expect(first).toMatchObject({ login: 200, list: 200 });
    expect(first.total).toBeGreaterThan(0);
    say(`logged in as compras_acme and listed ${first.total} products (first: ${first.first})`);

    await ctrlC(cold);
    // Ctrl-C stopped the stores that npm start ran, as well as the system
    expect(openPorts([8080, 15433, 13307, 15673])).toBe('');

    const warmStart = Date.now();
    const warm = npmStart('warm');
    figures.warm = (await untilReady(warm, warmStart, 10 * 60_000)).toFixed(0);
    say(`warm npm start ready in ${figures.warm} s`);
    expect(loginAndList()).toMatchObject({ login: 200, list: 200, total: first.total });

    // a crash: npm start's own process dies at once, leaving the services and the stores running
    const killed = exec(`node -e "const fs = require('fs'); for (const p of fs.readdirSync('/proc').filter((d) => /^\\d+$/.test(d))) { let c = ''; try { c = fs.readFileSync('/proc/' + p + '/cmdline', 'utf8'); } catch {} if (c === 'node\\0scripts/start.mjs\\0') { process.kill(Number(p), 'SIGKILL'); console.log(p); } }"`);
    expect(killed.stdout.trim(), killed.stderr).toMatch(/^\d+$/);
    const t0 = Date.now();
    while (warm.exited() === null && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 500));
    const crashStart = Date.now();
    const again = npmStart('after-crash');
    figures.afterCrash = (await untilReady(again, crashStart, 10 * 60_000)).toFixed(0);
    say(`npm start after a crash ready in ${figures.afterCrash} s`);
    expect(loginAndList()).toMatchObject({ login: 200, list: 200, total: first.total });
    await ctrlC(again);
    expect(openPorts([8080, 8040, 15433, 13307, 15673])).toBe('');

    mkdirSync(`${root}/.data/test-results`, { recursive: true });
    const test = exec(`cd ${home} && npm test > /root/npm-test.log 2>&1; code=$?; tail -1 /root/npm-test.log; exit $code`, { timeout: 40 * 60_000 });
    figures.test = test.stdout.trim();
    say(`npm test inside: ${figures.test}`);
    // its counts, for npm test's closing line here (where it runs every test that needs no Docker engine)
    const counted = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(figures.test);
    writeFileSync(`${root}/.data/test-results/inside.json`, JSON.stringify(
      counted ? { passed: Number(counted[1]), failed: Number(counted[2]), skipped: Number(counted[3] ?? 0) } : { passed: 0, failed: 1, skipped: 0 },
    ));
    // where its time went: each phase, and the slowest test files
    const phases = exec(`grep -h 'marketshare test\\].* took' /root/npm-test.log`).stdout.trim();
    const slowest = exec(`cd ${home} && node -e "const r = []; for (const f of ['unit', 'e2e']) { try { for (const t of require('./.data/test-results/' + f + '.json').testResults) r.push([t.endTime - t.startTime, t.name.replace(process.cwd() + '/', '')]); } catch {} } console.log(r.sort((a, b) => b[0] - a[0]).slice(0, 8).map(([ms, n]) => (ms / 1000).toFixed(0) + ' s ' + n).join('\\n'))"`).stdout.trim();
    say(`inside, the phases:\n${phases}\nthe slowest files:\n${slowest}`);
    const skipped = exec(`grep -h 'skipped' /root/npm-test.log | grep -i docker | head -5`).stdout.trim();
    if (skipped) say(`inside, without Docker:\n${skipped}`);
    // what failed inside, and why, where the container's log is gone once the test ends
    const failed = exec(`sed 's/\x1b\\[[0-9;]*m//g' /root/npm-test.log | grep -E -A12 '^ FAIL ' | head -150`).stdout.trim();
    if (failed) say(`failed inside:\n${failed}`);
    expect(figures.test).toMatch(/^\d+ passed, 0 failed/);
    expect(test.status).toBe(0);
  });
});
