// Issue 5 target: >= 200 mails per second through the whole path (publish -> RabbitMQ -> emails service -> SMTP
// server) with 1,000 messages, none lost or doubled. Self-contained: it builds and starts the emails service
// in this process against the machine's RabbitMQ and PostgreSQL and a local smtp-server sink, with an exchange,
// queues and database of its own that it removes afterwards. Not part of the tests.
//   BENCH_EMAILS      how many messages (default 1000)
//   RABBITMQ_URL, PG_URL (server root, default postgresql://postgres@127.0.0.1:5432)
import { execFileSync, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';

const N = Number(process.env.BENCH_EMAILS ?? 1000);
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const PG_URL = process.env.PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const TYPES = ['ORDER_CREATED', 'ORDER_DELIVERED', 'ORDER_CANCELLED', 'ACCOUNT_NEW', 'ACCOUNT_CHANGED'];

if (process.argv[2] === '--smtp-sink') await runSink();

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b', 'services/emails'], { cwd: root, stdio: 'inherit' });
const { startService, removeBrokerTopology } = await import('@marketshare/emails');

// The SMTP server runs in a child process of its own, as a real one would: it reports each Message-ID it
// accepts (the service sets it from the message's messageId).
const received = new Map();
let lastAt = 0;
let onMail = () => {};
const sink = fork(fileURLToPath(import.meta.url), ['--smtp-sink'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
sink.on('message', (msg) => {
  if (!msg.id) return;
  received.set(msg.id, (received.get(msg.id) ?? 0) + 1);
  lastAt = performance.now();
  onMail();
});
const sinkPort = await new Promise((resolve) => sink.once('message', (msg) => resolve(msg.port)));

const id = randomBytes(3).toString('hex');
const env = {
  HOST: '127.0.0.1',
  EMAILS_PORT: '0',
  LOG_LEVEL: 'warn',
  RABBITMQ_URL,
  EMAIL_EXCHANGE: `bench_emails_${id}`,
  EMAIL_QUEUE_PREFIX: `bench_${id}.`,
  EMAILS_DATABASE_URL: `${PG_URL}/bench_emails_${id}`,
  SMTP_URL: `smtp://127.0.0.1:${sinkPort}`,
  MAIL_FROM: 'Marketshare <no-reply@marketshare.bench>',
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(EMAIL_PREFETCH|SMTP_POOL_SIZE)$/.test(k))),
};
const service = await startService(env);

const order = (status) => ({
  id: 1, productId: 1, productName: 'Taladro percutor 750 W', quantity: 2, color: 'rojo', unitPrice: 8_999_00,
  discount: 15, total: 15_298_30, currency: 'ARS', status, createdAt: new Date().toISOString(),
});
const links = 'http://localhost:8080';
function message(i) {
  const type = TYPES[i % TYPES.length];
  const base = { messageId: randomUUID(), type, occurredAt: new Date().toISOString(), locale: i % 2 ? 'en' : 'es', to: { email: `buyer${i}@example.com`, name: `Buyer ${i}` } };
  switch (type) {
    case 'ORDER_CREATED': return { ...base, order: order('RECIBIDO'), orderUrl: `${links}/orders/1`, cancelUrl: `${links}/orders/1?cancel=1` };
    case 'ORDER_DELIVERED': return { ...base, order: order('ENTREGADO'), orderUrl: `${links}/orders/1`, reviewUrl: `${links}/orders/1/review` };
    case 'ORDER_CANCELLED': return { ...base, order: order('CANCELADO'), orderUrl: `${links}/orders/1` };
    case 'ACCOUNT_NEW': return { ...base, accountType: 'consumer', loginUrl: `${links}/login` };
    default: return { ...base, changes: ['password'], profileUrl: `${links}/profile` };
  }
}

const conn = await amqp.connect(RABBITMQ_URL);
const channel = await conn.createConfirmChannel();
const messages = Array.from({ length: N }, (_, i) => message(i));
let result;
try {
  const allIn = new Promise((resolve) => (onMail = () => received.size >= N && resolve()));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (const m of messages) {
    channel.publish(env.EMAIL_EXCHANGE, m.type, Buffer.from(JSON.stringify(m)), { persistent: true, contentType: 'application/json', messageId: m.messageId });
  }
  await channel.waitForConfirms();
  const published = performance.now();
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${received.size} of ${N} mails after 120 s`)), 120_000).unref());
  await Promise.race([allIn, timeout]);
  const done = lastAt;
  const cpu = process.cpuUsage(cpuBefore);
  await new Promise((r) => setTimeout(r, 1000)); // anything doubled would arrive now
  const lost = messages.filter((m) => !received.has(m.messageId)).length;
  const doubled = [...received.values()].filter((n) => n > 1).length;
  const stray = [...received.keys()].filter((k) => !messages.some((m) => m.messageId === k)).length;
  const metrics = await (await fetch(`${service.url}/metrics`)).text();
  const sample = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  const sendMs = (1000 * sample('email_send_duration_seconds_sum')) / sample('email_send_duration_seconds_count');
  result = { seconds: (done - started) / 1000, publishSeconds: (published - started) / 1000, lost, doubled, stray, sendMs, cpuMsPerMail: (cpu.user + cpu.system) / 1000 / N };
} finally {
  await service.close();
  await conn.close();
  await removeEverything();
  sink.kill();
}

const rate = Math.round(N / result.seconds);
console.log(`emails: ${N} messages published in ${result.publishSeconds.toFixed(2)} s (with confirms)`);
console.log(`emails: ${N} mails delivered to SMTP in ${result.seconds.toFixed(2)} s = ${rate} mails/s (target >= 200)`);
console.log(`emails: ${result.cpuMsPerMail.toFixed(2)} ms of CPU per mail in the service process (publisher included), load average ${os.loadavg()[0].toFixed(1)}`);
console.log(`emails: mean SMTP send ${result.sendMs.toFixed(1)} ms (SMTP_POOL_SIZE ${env.SMTP_POOL_SIZE ?? 'default'})`);
console.log(`emails: lost ${result.lost}, doubled ${result.doubled}, unexpected ${result.stray}`);
process.exitCode = result.lost || result.doubled || result.stray ? 1 : 0;

async function removeEverything() {
  await removeBrokerTopology(env);
  const db = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  await db.connect();
  await db.query(`DROP DATABASE IF EXISTS "bench_emails_${id}" WITH (FORCE)`);
  await db.end();
}

/** The child: an smtp-server that tells the parent the Message-ID of every mail it accepts. */
async function runSink() {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const id = /^Message-ID:\s*<([^>]+)@marketshare>/im.exec(Buffer.concat(chunks).toString('latin1'))?.[1] ?? '?';
        process.send({ id });
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send({ port: server.server.address().port });
  process.on('disconnect', () => process.exit(0));
  await new Promise(() => {}); // serve until the parent goes
}
