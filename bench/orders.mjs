// Issue 4 target, against a running system (BASE_URL, default the gateway at http://localhost:8080):
//   >= 300 accepted purchases per second with p99 <= 150 ms at 50 concurrent consumers, and afterwards the stock
//   and every consumer's balance exact to the accepted orders. The bare Fastify hello-world rate from the same run
//   is printed beside it. Not part of the tests.
// Registers 50 consumers and a seller, creates a product with a large stock and funds the consumers, then:
//  - RATE purchases per second (default 300) spread over the consumers, each started on schedule whether or not
//    earlier ones have answered (an open loop, as independent buyers behave): WARMUP seconds (default 10), then
//    ROUNDS windows (default 3) of DURATION seconds (default 10) of the same steady load; latency counted from the
//    scheduled start; the median window is reported;
//  - one round in which each consumer buys again as soon as its last purchase answered (a closed loop): the most
//    this machine settles per second, whatever the latency.
// Every purchase has its own Idempotency-Key. Afterwards stock and balances are checked against what was accepted.
//   CONSUMERS (50), RATE (300), WARMUP (10), DURATION (10), ROUNDS (3), WEB_CLIENT_SECRET (the local default)
import http from 'node:http';
import { BASE_URL, helloWorldBaseline, json, registerAndLogin, replicasLabel, serviceMetricSum, table } from './lib.mjs';

const CONSUMERS = Number(process.env.CONSUMERS ?? 50);
const DURATION = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const RATE = Number(process.env.RATE ?? 300);
const WARMUP = Number(process.env.WARMUP ?? 10);
// Purchases in flight can outnumber the consumers in the open loop: enough sockets that none waits for one.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const PRICE = 100;
const FUNDS = 100_000_000; // a million units each: no purchase is ever rejected for money
const STOCK = 1_000_000;

async function check(res, what, status = 200) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function setUp() {
  const seller = await registerAndLogin('seller');
  const product = await check(
    await json('POST', `${BASE_URL}/api/products`, {
      token: seller.token,
      body: {
        name: `Bench product ${Date.now()}`,
        description: 'Benchmark stock',
        category: 'otra',
        colors: [],
        price: PRICE,
        discount: 0,
        stock: STOCK,
        features: { text: 'Benchmark', rows: [] },
      },
    }),
    'create product',
    201,
  );
  const consumers = [];
  // Registration hashes passwords with bcrypt: a few at a time keeps it from dominating the set-up.
  for (let i = 0; i < CONSUMERS; i += 5) {
    const batch = await Promise.all(Array.from({ length: Math.min(5, CONSUMERS - i) }, () => registerAndLogin('consumer')));
    for (const c of batch) {
      await check(await json('POST', `${BASE_URL}/api/users/me/funds`, { token: c.token, body: { amount: FUNDS } }), 'fund');
      consumers.push({ ...c, accepted: 0, spent: 0 });
    }
  }
  return { product, consumers };
}

/** One purchase; resolves with its answer (status and body), never throws. */
function purchase(product, c, key) {
  const body = JSON.stringify({ productId: product.id, quantity: 1 });
  const url = new URL('/api/orders', BASE_URL);
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${c.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': key,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode, body: json });
        });
      },
    );
    req.on('error', () => resolve({ status: 0 }));
    req.end(body);
  });
}

/** Counts one answer; returns true when it was an accepted order. */
function record(stats, c, answer) {
  const key = answer.status ? `${answer.status} ${answer.body?.status ?? answer.body?.error ?? ''}`.trim() : 'no answer';
  stats.answers[key] = (stats.answers[key] ?? 0) + 1;
  // 200 is the order an Idempotency-Key already placed: the gateway sent the purchase again to another replica after
  // the first could not answer, and that one found it. It is the buyer's one order, charged once.
  if ((answer.status !== 201 && answer.status !== 200) || answer.body?.status !== 'RECIBIDO') return false;
  c.accepted++;
  c.spent += answer.body.total;
  return true;
}

function summary(name, stats, seconds) {
  const l = stats.latencies.sort((a, b) => a - b);
  const at = (p) => (l.length ? l[Math.min(l.length - 1, Math.floor(p * l.length))].toFixed(1) : '-');
  return {
    round: name,
    'accepted/s': Math.round(l.length / seconds),
    accepted: l.length,
    'p50 ms': at(0.5),
    'p99 ms': at(0.99),
    answers: JSON.stringify(stats.answers),
  };
}

/**
 * Open loop: RATE purchases a second, each started on schedule, for WARMUP seconds and then ROUNDS windows of
 * DURATION seconds back to back (steady load, no pauses between windows). Latency runs from the scheduled start;
 * a purchase counts in the window it was scheduled in. The warm-up (pools filling, code getting hot) is not counted.
 */
async function openRounds(product, consumers) {
  const windows = Array.from({ length: ROUNDS + 1 }, () => ({ latencies: [], answers: {} }));
  const windowOf = (t) => (t < WARMUP * 1000 ? 0 : 1 + Math.min(ROUNDS - 1, Math.floor((t - WARMUP * 1000) / (DURATION * 1000))));
  const total = Math.round(RATE * (WARMUP + ROUNDS * DURATION));
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const c = consumers[i % consumers.length];
    const stats = windows[windowOf(due - started)];
    pending.push(
      purchase(product, c, `bench-open-${c.id}-${i}`).then((answer) => {
        if (record(stats, c, answer)) stats.latencies.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(pending);
  return windows.slice(1).map((w, i) => summary(`${i + 1} (${RATE}/s offered)`, w, DURATION));
}

/** Closed loop: every consumer buys again as soon as it has its answer. */
async function closedRound(product, consumers, roundNo) {
  const stats = { latencies: [], answers: {} };
  let seq = 0;
  const until = Date.now() + DURATION * 1000;
  const started = performance.now();
  await Promise.all(
    consumers.map(async (c) => {
      while (Date.now() < until) {
        const t0 = performance.now();
        if (record(stats, c, await purchase(product, c, `bench-${roundNo}-${c.id}-${seq++}`))) stats.latencies.push(performance.now() - t0);
      }
    }),
  );
  return summary(`${roundNo} (closed loop)`, stats, (performance.now() - started) / 1000);
}

async function verify(product, consumers) {
  const stock = (await check(await json('GET', `${BASE_URL}/api/products/${product.id}`), 'product')).stock;
  const units = consumers.reduce((n, c) => n + c.accepted, 0);
  const wrong = [];
  if (stock !== STOCK - units) wrong.push(`stock ${stock}, expected ${STOCK - units}`);
  for (const c of consumers) {
    const me = await check(await json('GET', `${BASE_URL}/api/users/me`, { token: c.token }), 'me');
    if (me.balance.amount !== FUNDS - c.spent)
      wrong.push(`consumer ${c.id}: balance ${me.balance.amount}, expected ${FUNDS - c.spent}`);
  }
  return wrong;
}

const hello = await helloWorldBaseline(50, 5);
const { product, consumers } = await setUp();
const ORDER_MAILS = /type="ORDER_CREATED"/;
const mailsBefore = await serviceMetricSum('emails', 'emails_sent_total', ORDER_MAILS);
console.error(`${WARMUP} s warm-up, then ${ROUNDS} windows of ${DURATION} s at ${RATE} purchases/s; replicas of each service: ${replicasLabel()}`);
const openStarted = performance.now();
const rounds = await openRounds(product, consumers);
const openSeconds = (performance.now() - openStarted) / 1000;
const mailedDuringLoad = (await serviceMetricSum('emails', 'emails_sent_total', ORDER_MAILS)) - mailsBefore;
console.error(`round ${ROUNDS + 1}: closed loop for ${DURATION} s`);
const closed = await closedRound(product, consumers, ROUNDS + 1);
table([...rounds, closed]);
// The median window: by rate first, then (all at the offered rate, as they should be) by p99.
const median = [...rounds].sort((a, b) => a['accepted/s'] - b['accepted/s'] || Number(a['p99 ms']) - Number(b['p99 ms']))[Math.floor(rounds.length / 2)];
const lastPurchase = performance.now();
const wrong = await verify(product, consumers);
// E-mails are sent after the purchase answered, through the outbox and the broker: wait for every one of them.
const accepted = consumers.reduce((n, c) => n + c.accepted, 0);
let mailed = 0;
for (let i = 0; i < 600 && mailed < accepted; i++) {
  mailed = (await serviceMetricSum('emails', 'emails_sent_total', ORDER_MAILS)) - mailsBefore;
  if (mailed < accepted) await new Promise((r) => setTimeout(r, 500));
}
const drained = ((performance.now() - lastPurchase) / 1000).toFixed(1);
console.log();
table([
  {
    what: `POST /api/orders, ${RATE}/s offered by ${CONSUMERS} consumers (median of ${ROUNDS}), replicas: ${replicasLabel()}`,
    'accepted/s': median['accepted/s'],
    'p99 ms': median['p99 ms'],
    target: '>= 300/s, p99 <= 150 ms',
  },
  { what: `the same, closed loop (each consumer buys again on its answer)`, 'accepted/s': closed['accepted/s'], 'p99 ms': closed['p99 ms'], target: '' },
  { what: 'bare Fastify hello-world, same machine, same run', 'accepted/s': hello.rps, 'p99 ms': hello.p99, target: '' },
]);
console.log(
  wrong.length
    ? `\nNOT EXACT:\n  ${wrong.join('\n  ')}`
    : `\nexact: stock and all ${consumers.length} balances match the accepted orders`,
);
console.log(
  `order e-mails while purchases arrived at ${RATE}/s: ${Math.round(mailedDuringLoad / openSeconds)}/s (sending yields the CPU to purchases)`,
);
console.log(
  mailed >= accepted
    ? `order e-mails: all ${accepted} sent, the last ${drained} s after the last purchase answered`
    : `order e-mails: only ${mailed} of ${accepted} sent ${drained} s after the last purchase`,
);
agent.destroy();
process.exitCode = wrong.length ? 1 : 0;
