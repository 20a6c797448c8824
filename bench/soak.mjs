// Issue 17 §3: memory under sustained load, against a running system (`npm start`, any SERVICE_REPLICAS; started
// with CONTAINER_LIMITS=1 each process gets the heap its container would, from its Deployment's memory limit).
// Ten minutes (--seconds) of mixed traffic from --connections (16) clients through the gateway: guests' catalog and
// product pages over many distinct addresses (pages, searches, every product), signed-in buyers' pages, the
// catalog and search API, and purchases; then --idle-seconds (60) with no traffic. Reports each process's resident
// memory (RSS) when idle before the load, its peak, at the end of the load and after the idle time, against the
// memory limit its Deployment declares (deploy/k8s/base/app/<name>.yaml): every process should stay below 80% of
// it and be within 25% of its idle level after the idle minute. Not part of the tests.
//   node bench/soak.mjs [--seconds 600] [--idle-seconds 60] [--connections 16]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deploymentMemoryLimitMiB } from '../scripts/lib/deployment-limits.mjs';
import { BASE_URL, json, registerAndLogin, table } from './lib.mjs';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '600' }, 'idle-seconds': { type: 'string', default: '60' }, connections: { type: 'string', default: '16' } },
});
const SOAK = Number(args.seconds);
const IDLE = Number(args['idle-seconds']);
const CONNECTIONS = Number(args.connections);
const root = fileURLToPath(new URL('..', import.meta.url));
const gatewayPort = new URL(BASE_URL).port || '80';

const processes = JSON.parse(readFileSync(`${root}/.data/system-${gatewayPort}.json`, 'utf8')).filter((p) => p.name !== 'gateway' && p.name !== 'mailbox');

/**
 * Resident memory of a process and its children (next start runs the server in a child), in MiB: all of it
 * (`VmRSS`), or only its anonymous part (`RssAnon`: heap, stacks, buffers), without the pages of files it has mapped
 * (Node's binary and libraries), which the kernel can drop and read again rather than kill the process.
 */
function rssMiB(pid, field = 'VmRSS') {
  const own = (p) => {
    try {
      return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
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
  return own(pid) + kids.reduce((sum, k) => sum + rssMiB(k, field), 0);
}

/** The heap limit a process was started with (NODE_OPTIONS), or "" for Node's default. */
function heapOption(pid) {
  try {
    const env = readFileSync(`/proc/${pid}/environ`, 'utf8');
    return /--max-old-space-size=(\d+)/.exec(env)?.[1] ?? '';
  } catch {
    return '';
  }
}

const sample = (field) => Object.fromEntries(processes.map((p) => [p.name, rssMiB(p.pid, field)]));

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

const loadAverage = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const fmt = (x) => Math.round(x);
const change = (before, after) => `${after >= before ? '+' : ''}${Math.round((100 * (after - before)) / before)}%`;
const start = sample();
const anonStart = sample('RssAnon');
console.log(`load average ${loadAverage()}; ${SOAK} s of load from ${CONNECTIONS} clients, then ${IDLE} s idle`);
const data = await setUp();
const peak = { ...start };
let n = 0;
const statuses = new Map();
const began = Date.now();
const until = began + SOAK * 1000;
let ticks = 0;
const sampler = setInterval(() => {
  const now = sample();
  for (const [name, mib] of Object.entries(now)) peak[name] = Math.max(peak[name] ?? 0, mib);
  // a line a minute, to see a process grow
  if (++ticks % 12 === 0) {
    const rss = Object.entries(now).map(([name, mib]) => `${name} ${fmt(mib)}`).join(', ');
    console.log(`${Math.round((Date.now() - began) / 1000)} s: ${n} requests; RSS MiB ${rss}; load average ${loadAverage()}`);
  }
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
console.log(`${n} requests in ${SOAK} s (${Math.round(n / SOAK)}/s); answers by status: ${JSON.stringify(Object.fromEntries(statuses))}; load average ${loadAverage()}`);
console.log(`idle for ${IDLE} s...`);
await new Promise((r) => setTimeout(r, IDLE * 1000));
const idle = sample();
const anonIdle = sample('RssAnon');

table(
  processes.map(({ name }) => {
    const limit = deploymentMemoryLimitMiB(name);
    return {
      process: name,
      'limit MiB': limit,
      'heap MiB': heapOption(processes.find((p) => p.name === name).pid) || 'default',
      'idle before MiB': fmt(start[name]),
      'peak MiB': fmt(peak[name]),
      'end of load MiB': fmt(end[name]),
      [`idle +${IDLE} s MiB`]: fmt(idle[name]),
      'peak % of limit': `${Math.round((100 * peak[name]) / limit)}%`,
      'idle vs start': change(start[name], idle[name]),
      'anonymous MiB, before / +idle': `${fmt(anonStart[name])} / ${fmt(anonIdle[name])}`,
      'anonymous vs start': change(anonStart[name], anonIdle[name]),
    };
  }),
);
