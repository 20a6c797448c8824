// Issue 2 targets: protected GET /api/users/me through the gateway (>= 5,000 req/s, p99 <= 20 ms at 50
// connections, zero calls to auth per request); the password grant against the machine's raw bcrypt rate;
// each service's resident memory when idle.
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/bcrypt';
import { BASE_URL, SERVICE_URLS, WEB_CLIENT_SECRET, helloWorldBaseline, load, metricSum, registerAndLogin, replicaUrls, serviceMetricSum, table } from './lib.mjs';

const COST = 10; // the users service's bcrypt cost

async function rawBcryptRate(seconds = 5) {
  const h = await hash('bench password 123', COST);
  let n = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      await verify('bench password 123', h);
      n++;
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() * 2 }, worker));
  return n / seconds;
}

async function idleMemory() {
  const out = {};
  for (const service of Object.keys(SERVICE_URLS)) {
    const urls = replicaUrls(service);
    for (const [k, url] of urls.entries()) {
      const name = urls.length === 1 ? service : `${service}-${k + 1}`;
      try {
        out[name] = `${(await metricSum(`${url}/metrics`, 'process_resident_memory_bytes')) / 2 ** 20 | 0} MB`;
      } catch {
        out[name] = 'not running';
      }
    }
  }
  return out;
}

const memory = await idleMemory();
const hello = await helloWorldBaseline();
const consumer = await registerAndLogin('consumer');
// requests auth served, leaving out the gateway's health checks and our own scrapes
const AUTH_WORK = /route="(?!\/healthz|\/metrics)/;
const authBefore = await serviceMetricSum('auth', 'http_request_duration_seconds_count', AUTH_WORK);
const me = await load({ url: `${BASE_URL}/api/users/me`, headers: { authorization: `Bearer ${consumer.token}` } });
const authAfter = await serviceMetricSum('auth', 'http_request_duration_seconds_count', AUTH_WORK);
const bcryptRate = await rawBcryptRate();
const grant = await load({
  url: `${BASE_URL}/oauth/token`,
  method: 'POST',
  connections: 8,
  headers: {
    authorization: 'Basic ' + Buffer.from(`marketshare-web:${WEB_CLIENT_SECRET}`).toString('base64'),
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: new URLSearchParams({ grant_type: 'password', username: consumer.username, password: consumer.password }).toString(),
});

table([
  { what: 'bare Fastify hello-world (direct)', 'req/s': hello.rps, 'p99 ms': hello.p99, errors: hello.errors + hello.non2xx },
  { what: 'GET /api/users/me via gateway', 'req/s': me.rps, 'p99 ms': me.p99, errors: me.errors + me.non2xx },
  { what: 'password grant via gateway', 'req/s': grant.rps, 'p99 ms': grant.p99, errors: grant.errors + grant.non2xx },
  { what: `raw bcrypt verify, cost ${COST}, all cores`, 'req/s': Math.round(bcryptRate), 'p99 ms': '-', errors: 0 },
]);
console.log(`\nrequests auth served during the ${me.total} /api/users/me requests: ${authAfter - authBefore}`);
console.log(`password grant / raw bcrypt: ${((grant.rps / bcryptRate) * 100).toFixed(0)} %`);
console.log('idle resident memory (before load):', memory);
