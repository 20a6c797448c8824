// Issue 17 §3: memory under sustained load, against a running system (`npm start`, any SERVICE_REPLICAS).
// SOAK_SECONDS (600) of mixed traffic from CONNECTIONS (16) clients through the gateway: guests' catalog and
// product pages over many distinct addresses (pages, searches, every product), signed-in buyers' pages, the
// catalog and search API, and purchases; then IDLE_SECONDS (60) with no traffic. Reports each process's resident
// memory (RSS) at the start, its peak, at the end of the load and after the idle minute, against the memory limit
// its Deployment declares (deploy/k8s/base/app/<name>.yaml): every process should stay below 80% of it and be
// within 25% of its idle level after the idle minute. Not part of the tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE_URL, json, registerAndLogin, table } from './lib.mjs';

const SOAK = Number(process.env.SOAK_SECONDS ?? 600);
const IDLE = Number(process.env.IDLE_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const root = fileURLToPath(new URL('..', import.meta.url));
const gatewayPort = new URL(BASE_URL).port || '80';

/** The system's processes (name, pid) as the start script lists them. */
const processes = JSON.parse(readFileSync(`${root}/.data/system-${gatewayPort}.json`, 'utf8')).filter((p) => p.name !== 'gateway' && p.name !== 'mailbox');

/** Resident memory of a process and its children (next start runs the server in a child), in MiB. */
function rssMiB(pid) {
  const own = (p) => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  };
  let kids = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children listed
  }
  return own(pid) + kids.reduce((sum, k) => sum + rssMiB(k), 0);
}

/** The memory limit (MiB) of the Deployment a process would run in. */
function limitMiB(name) {
  const app = name.replace(/-\d+$/, '');
  const text = readFileSync(`${root}/deploy/k8s/base/app/${app}.yaml`, 'utf8');
  const m = /limits:\s*\n(?:\s+cpu:.*\n)?\s+memory:\s*(\d+)(Mi|Gi)/.exec(text);
  if (!m) throw new Error(`no memory limit in deploy/k8s/base/app/${app}.yaml`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

const sample = () => Object.fromEntries(processes.map((p) => [p.name, rssMiB(p.pid)]));

async function setUp() {
  const seller = await registerAndLogin('seller');
  const ids = [];
  for (let i = 0; i < 40; i++) {
    const res = await json('POST', `${BASE_URL}/api/products`, {
      token: seller.token,
      body: {
        name: `Soak ${i} ${Math.random().toString(36).slice(2, 8)}`,
        description: `Producto de prueba de carga número ${i}`,
        category: 'otra',
        colors: [],
        price: 100,
        discount: 0,
        stock: 1_000_000,
        features: { text: 'Soak', rows: [] },
      },
    });
    if (res.status !== 201) throw new Error(`product: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.id);
  }
  const buyers = [];
  for (let i = 0; i < 8; i++) {
    const b = await registerAndLogin('consumer');
    await json('POST', `${BASE_URL}/api/users/me/funds`, { token: b.token, body: { amount: 100_000_000 } });
    buyers.push(b);
  }
  return { ids, buyers };
}

const WORDS = ['taladro', 'mesa', 'silla', 'cable', 'soak', 'prueba', 'rojo', 'acero', 'madera', 'lámpara'];
const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** One request of the mix, through the gateway; resolves with its status (0 when it did not answer). */
async function oneRequest({ ids, buyers }, n) {
  const buyer = pick(buyers);
  const signedIn = { cookie: `ms_access=${buyer.token}` };
  // many distinct addresses: page numbers, search words with a counter, every product
  const kinds = [
    () => [`/?page=${1 + (n % 50)}`, {}],
    () => [`/?q=${pick(WORDS)}${n % 500}`, {}],
    () => [`/products/${pick(ids)}`, {}],
    () => [`/?page=${1 + (n % 20)}`, signedIn],
    () => [`/products/${pick(ids)}`, signedIn],
    () => [`/api/products?page=${1 + (n % 30)}&pageSize=20`, {}],
    () => [`/api/products?q=${pick(WORDS)}${n % 300}`, {}],
    () => ['POST /api/orders', buyer],
  ];
  const [path, opts] = kinds[n % kinds.length]();
  try {
    if (path === 'POST /api/orders') {
      const res = await json('POST', `${BASE_URL}/api/orders`, { token: opts.token, body: { productId: pick(ids), quantity: 1 } });
      return res.status;
    }
    const res = await fetch(`${BASE_URL}${path}`, { headers: opts, redirect: 'manual' });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

const data = await setUp();
const start = sample();
const peak = { ...start };
let n = 0;
const statuses = new Map();
const until = Date.now() + SOAK * 1000;
const sampler = setInterval(() => {
  for (const [name, mib] of Object.entries(sample())) peak[name] = Math.max(peak[name] ?? 0, mib);
}, 5000);
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < until) {
      const status = await oneRequest(data, n++);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }),
);
clearInterval(sampler);
const end = sample();
console.log(`${n} requests in ${SOAK} s (${Math.round(n / SOAK)}/s); answers by status: ${JSON.stringify(Object.fromEntries(statuses))}`);
console.log(`idle for ${IDLE} s...`);
await new Promise((r) => setTimeout(r, IDLE * 1000));
const idle = sample();

const fmt = (x) => Math.round(x);
table(
  processes.map(({ name }) => {
    const limit = limitMiB(name);
    return {
      process: name,
      'limit MiB': limit,
      'start MiB': fmt(start[name]),
      'peak MiB': fmt(peak[name]),
      'end of load MiB': fmt(end[name]),
      'idle +1 min MiB': fmt(idle[name]),
      'peak % of limit': `${Math.round((100 * peak[name]) / limit)}%`,
      'idle vs start': `${idle[name] >= start[name] ? '+' : ''}${Math.round((100 * (idle[name] - start[name])) / start[name])}%`,
    };
  }),
);
