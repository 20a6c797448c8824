// Shared helpers for the benchmarks. They run against a system already started with `npm start` (BASE_URL),
// and always measure a bare Fastify hello-world in the same run, so figures compare within one machine state.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const BASE_URL = process.env.BASE_URL ?? 'http://localhost:8080';
export const WEB_CLIENT_SECRET = process.env.WEB_CLIENT_SECRET ?? 'local-web-client-secret';
export const SERVICE_URLS = {
  auth: process.env.AUTH_URL ?? 'http://127.0.0.1:8040',
  users: process.env.USERS_URL ?? 'http://127.0.0.1:8070',
  products: process.env.PRODUCTS_URL ?? 'http://127.0.0.1:8060',
  orders: process.env.ORDERS_URL ?? 'http://127.0.0.1:8050',
  emails: process.env.EMAILS_URL ?? 'http://127.0.0.1:8030',
};

/**
 * The own addresses of every replica of a service (SERVICE_URLS's port plus 100 per replica before it, as the start
 * script runs them), counted in the process list the start script writes for the system at BASE_URL
 * (`.data/system-<gateway port>.json`): a system started with `SERVICE_REPLICAS=2 npm start` is measured with
 * both replicas of each service in every figure that sums a service's metrics. One when there is no such list (a
 * system elsewhere).
 */
export function replicaUrls(service) {
  let names = [];
  try {
    const port = new URL(BASE_URL).port || '80';
    const list = fileURLToPath(new URL(`../.data/system-${port}.json`, import.meta.url));
    names = JSON.parse(readFileSync(list, 'utf8')).map((p) => p.name);
  } catch {
    // not started from this checkout: one replica at its configured address
  }
  const n = Math.max(1, names.filter((name) => name === service || name.startsWith(`${service}-`)).length);
  const base = new URL(SERVICE_URLS[service]);
  return Array.from({ length: n }, (_, k) => {
    const u = new URL(base);
    u.port = String(Number(base.port) + 100 * k);
    return u.origin;
  });
}

/** How many replicas of each service the system at BASE_URL runs, for the benchmarks' headings ("1" or "2"...). */
export const replicasLabel = () => {
  const counts = [...new Set(Object.keys(SERVICE_URLS).map((s) => replicaUrls(s).length))];
  return counts.length === 1 ? String(counts[0]) : Object.keys(SERVICE_URLS).map((s) => `${s} ${replicaUrls(s).length}`).join(', ');
};

/** Runs autocannon and returns requests/s, latency percentiles (ms) and error counts. */
export async function load(opts) {
  const r = await autocannon({ connections: 50, duration: 10, ...opts });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    total: r.requests.total,
  };
}

/** Starts a bare Fastify hello-world in a child process and measures it with the same load. */
export async function helloWorldBaseline(connections = 50, duration = 10) {
  const child = fork(fileURLToPath(new URL('./hello-world.mjs', import.meta.url)), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => child.once('message', resolve));
  try {
    return await load({ url: `http://127.0.0.1:${port}/`, connections, duration });
  } finally {
    child.kill();
  }
}

export async function json(method, url, { token, basic, body, form } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (basic) headers.authorization = 'Basic ' + Buffer.from(basic.join(':')).toString('base64');
  let payload;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(form).toString();
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function registerAndLogin(role, password = 'bench password 123') {
  const username = `bench_${role}_${Math.random().toString(36).slice(2, 10)}`;
  const web = ['marketshare-web', WEB_CLIENT_SECRET];
  const reg = await json('POST', `${BASE_URL}/api/users`, {
    basic: web,
    body: { username, password, email: `${username}@example.com`, role, country: 'AR', organization: 'Bench Inc' },
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  const tok = await json('POST', `${BASE_URL}/oauth/token`, { basic: web, form: { grant_type: 'password', username, password } });
  if (tok.status !== 200) throw new Error(`login: ${tok.status}`);
  return { id: reg.body.id, username, password, token: tok.body.access_token };
}

/** Sum of a Prometheus metric over every replica of a service (see metricSum). */
export async function serviceMetricSum(service, name, labels = /./) {
  const sums = await Promise.all(replicaUrls(service).map((url) => metricSum(`${url}/metrics`, name, labels)));
  return sums.reduce((a, b) => a + b, 0);
}

/** Sum of a Prometheus metric across its series (optionally only series whose labels match), from /metrics. */
export async function metricSum(url, name, labels = /./) {
  const text = await (await fetch(url)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if ((line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && labels.test(line)) sum += Number(line.split(' ').pop());
  }
  return sum;
}

export function table(rows) {
  const cols = Object.keys(rows[0]);
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals) => vals.map((v, i) => String(v).padEnd(w[i])).join('  ');
  console.log(line(cols));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}
