// Issue 4 target, against a running system (BASE_URL, default the gateway at http://localhost:8080):
//   >= 300 accepted purchases per second with p99 <= 150 ms at 50 concurrent consumers, and afterwards the stock
//   and every consumer's balance exact to the accepted orders. The bare Fastify hello-world rate from the same run
//   is printed beside it. Not part of the tests.
// Registers 50 consumers and a seller, creates a product with a large stock and funds the consumers, then runs
// ROUNDS rounds (default 3) of DURATION seconds (default 10) in which each consumer buys one unit at a time in a
// loop (every purchase with its own Idempotency-Key), and reports the median round.
//   CONSUMERS (50), DURATION (10), ROUNDS (3), WEB_CLIENT_SECRET (the local default)
import { BASE_URL, helloWorldBaseline, json, registerAndLogin, table } from './lib.mjs';

const CONSUMERS = Number(process.env.CONSUMERS ?? 50);
const DURATION = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
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

/** One round: every consumer buys in a loop until the time is up. */
async function round(product, consumers, roundNo) {
  const latencies = [];
  const statuses = {};
  let accepted = 0;
  let seq = 0;
  const until = Date.now() + DURATION * 1000;
  const started = performance.now();
  await Promise.all(
    consumers.map(async (c) => {
      while (Date.now() < until) {
        const t0 = performance.now();
        const res = await fetch(`${BASE_URL}/api/orders`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${c.token}`,
            'content-type': 'application/json',
            'idempotency-key': `bench-${roundNo}-${c.id}-${seq++}`,
          },
          body: JSON.stringify({ productId: product.id, quantity: 1 }),
        }).catch(() => undefined);
        const body = res ? await res.json().catch(() => undefined) : undefined;
        const key = res ? `${res.status} ${body?.status ?? body?.error ?? ''}`.trim() : 'no answer';
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (res?.status === 201 && body.status === 'RECIBIDO') {
          latencies.push(performance.now() - t0);
          accepted++;
          c.accepted++;
          c.spent += body.total;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1) : '-';
  return {
    round: roundNo,
    'accepted/s': Math.round(accepted / seconds),
    accepted,
    'p50 ms': at(0.5),
    'p99 ms': at(0.99),
    answers: JSON.stringify(statuses),
  };
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
const rounds = [];
for (let r = 1; r <= ROUNDS; r++) rounds.push(await round(product, consumers, r));
table(rounds);
const median = [...rounds].sort((a, b) => a['accepted/s'] - b['accepted/s'])[Math.floor(rounds.length / 2)];
const wrong = await verify(product, consumers);
console.log();
table([
  {
    what: `POST /api/orders, ${CONSUMERS} concurrent consumers (median of ${ROUNDS})`,
    'accepted/s': median['accepted/s'],
    'p99 ms': median['p99 ms'],
    target: '>= 300/s, p99 <= 150 ms',
  },
  { what: 'bare Fastify hello-world, same machine, same run', 'accepted/s': hello.rps, 'p99 ms': hello.p99, target: '' },
]);
console.log(
  wrong.length
    ? `\nNOT EXACT:\n  ${wrong.join('\n  ')}`
    : `\nexact: stock and all ${consumers.length} balances match the accepted orders`,
);
process.exitCode = wrong.length ? 1 : 0;
