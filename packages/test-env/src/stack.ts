import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { RunningService } from '@marketshare/service-kit';

// One test environment factory for every integration test (Vendure's create-test-environment shape): real
// services on free ports, each with a database of its own, all talking to the machine's real MariaDB,
// PostgreSQL and RabbitMQ. Nothing is mocked.

export type ServiceName = 'auth' | 'users' | 'products' | 'orders' | 'emails';
const ORDER: ServiceName[] = ['auth', 'users', 'products', 'orders', 'emails'];

export const PG_ROOT = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
export const MYSQL_ROOT = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
/** The broker's control command (the project's own RabbitMQ has a node name and cookie of its own). */
export const RABBITMQCTL = process.env.TEST_RABBITMQCTL ?? 'rabbitmqctl';

export const TEST_SECRETS = {
  WEB_CLIENT_SECRET: 'test-web-secret',
  API_CLIENT_SECRET: 'test-api-secret',
  USERS_CLIENT_SECRET: 'test-users-secret',
  PRODUCTS_CLIENT_SECRET: 'test-products-secret',
  ORDERS_CLIENT_SECRET: 'test-orders-secret',
  EMAILS_CLIENT_SECRET: 'test-emails-secret',
};

/**
 * A port nothing listens on, for a service a test starts next. It is drawn below the kernel's ephemeral range
 * (32768 and up on Linux): a port the kernel picked would be free again the moment it is handed over, and any
 * outgoing connection could take it before the service binds it. Random draws keep parallel test files apart.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
    if (attempt > 50) throw new Error('no free port found between 20000 and 32000');
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export const uniqueName = (prefix: string) => `t_${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;

type StartService = (env: NodeJS.ProcessEnv) => Promise<RunningService>;
// Each service package's public entry (its package.json "exports"): tests never reach into a service's files.
const loaders = {
  auth: () => import('@marketshare/auth'),
  users: () => import('@marketshare/users'),
  products: () => import('@marketshare/products'),
  orders: () => import('@marketshare/orders'),
  emails: () => import('@marketshare/emails'),
} satisfies Record<ServiceName, () => Promise<{ startService: StartService }>>;

export interface Stack {
  env: Record<string, string>;
  services: Partial<Record<ServiceName, RunningService>>;
  url(name: ServiceName): string;
  /** Start (again) one service of the stack with the stack's environment, e.g. after `stopService`. */
  startService(name: ServiceName, extraEnv?: Record<string, string>): Promise<RunningService>;
  stopService(name: ServiceName): Promise<void>;
  /** Counts `name` as this stack's though a test runs it itself (as a child process): stop() drops its database. */
  claim(name: ServiceName): void;
  stop(): Promise<void>;
}

/**
 * Starts the named services (always in dependency order) with fresh databases and a fresh `emails` exchange, so
 * test files run side by side without seeing each other's data or messages.
 */
export async function startStack(opts: {
  services: ServiceName[];
  env?: Record<string, string>;
  /** Make the token issuer the auth service's own URL, so standard OAuth clients can discover it directly. */
  issuerIsAuth?: boolean;
}): Promise<Stack> {
  const id = randomBytes(3).toString('hex');
  const ports = Object.fromEntries(await Promise.all(ORDER.map(async (n) => [n, await freePort()] as const))) as Record<ServiceName, number>;
  const dbs = {
    auth: `t_auth_${id}`,
    users: `t_users_${id}`,
    products: `t_products_${id}`,
    orders: `t_orders_${id}`,
    emails: `t_emails_${id}`,
  };
  const env: Record<string, string> = {
    ...TEST_SECRETS,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PUBLIC_URL: 'http://localhost:8080',
    RABBITMQ_URL,
    EMAIL_EXCHANGE: `emails_${id}`,
    EMAIL_QUEUE_PREFIX: `t_${id}.`,
    IMAGES_DIR: `/tmp/marketshare-test-images/${id}`,
    MAX_TIME_TO_PROGRESS: '600',
    AUTH_PORT: String(ports.auth),
    USERS_PORT: String(ports.users),
    PRODUCTS_PORT: String(ports.products),
    ORDERS_PORT: String(ports.orders),
    EMAILS_PORT: String(ports.emails),
    AUTH_URL: `http://127.0.0.1:${ports.auth}`,
    USERS_URL: `http://127.0.0.1:${ports.users}`,
    PRODUCTS_URL: `http://127.0.0.1:${ports.products}`,
    ORDERS_URL: `http://127.0.0.1:${ports.orders}`,
    AUTH_DATABASE_URL: `${PG_ROOT}/${dbs.auth}`,
    USERS_DATABASE_URL: `${MYSQL_ROOT}/${dbs.users}`,
    PRODUCTS_DATABASE_URL: `${PG_ROOT}/${dbs.products}`,
    ORDERS_DATABASE_URL: `${PG_ROOT}/${dbs.orders}`,
    EMAILS_DATABASE_URL: `${PG_ROOT}/${dbs.emails}`,
    SMTP_URL: 'smtp://127.0.0.1:1025',
    MAIL_FROM: 'Marketshare <no-reply@marketshare.test>',
    ...opts.env,
  };
  if (opts.issuerIsAuth) env.PUBLIC_URL = env.AUTH_URL!;
  const services: Stack['services'] = {};
  const wanted = ORDER.filter((n) => opts.services.includes(n));
  // every service started at least once (even one whose start failed) may have created its database
  const touched = new Set<ServiceName>();

  const stack: Stack = {
    env,
    services,
    url: (name) => env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${env[`${name.toUpperCase()}_PORT`]}`,
    async startService(name, extraEnv) {
      touched.add(name);
      const { startService } = await loaders[name]();
      const s = await startService({ ...env, ...extraEnv });
      services[name] = s;
      return s;
    },
    async stopService(name) {
      await services[name]?.close();
      delete services[name];
    },
    claim: (name) => touched.add(name),
    async stop() {
      for (const n of [...ORDER].reverse()) await stack.stopService(n).catch(() => undefined);
      // durable queues outlive the processes that made them
      await (await loaders.emails()).removeBrokerTopology(env).catch(() => undefined);
      await dropDatabases(Object.entries(dbs).filter(([n]) => touched.has(n as ServiceName)).map(([n, db]) => [n, db] as const));
    },
  };
  try {
    for (const n of wanted) await stack.startService(n);
  } catch (e) {
    await stack.stop();
    throw e;
  }
  return stack;
}

async function dropDatabases(list: (readonly [string, string])[]): Promise<void> {
  for (const [service, db] of list) {
    try {
      if (service === 'users') {
        const conn = await mysql.createConnection(MYSQL_ROOT);
        await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
        await conn.end();
      } else {
        const c = new pg.Client({ connectionString: `${PG_ROOT}/postgres` });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
        await c.end();
      }
    } catch {
      // a database left behind is harmless: names are unique per run
    }
  }
}
