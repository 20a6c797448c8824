import pg from 'pg';
import mysql from 'mysql2/promise';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePgFolder } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzleMysql, type MySql2Database } from 'drizzle-orm/mysql2';
import { migrate as migrateMysqlFolder } from 'drizzle-orm/mysql2/migrator';

// Every service creates and migrates its own database at start-up (docs/design.md §8): nothing by hand.

function databaseName(url: URL): string {
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,63}$/.test(name)) throw new Error(`Database name "${name}" in ${url.protocol} URL must be [A-Za-z0-9_]`);
  return name;
}

/** Creates the PostgreSQL database named in `url` if it does not exist. */
export async function ensurePgDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = databaseName(u);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created meanwhile by a sibling replica
      });
    }
  } finally {
    await client.end();
  }
}

/** Creates the MySQL/MariaDB database named in `url` if it does not exist. */
export async function ensureMysqlDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = databaseName(u);
  u.pathname = '/';
  const conn = await mysql.createConnection(u.toString());
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/**
 * Readiness's database check, over a connection of its own: a pool whose connections are all busy (a burst queued
 * for them) is a database that works, not one that is down. Checked through the pool, the check waited behind the
 * queue for more than its 2 s and took every replica of a service out of the gateway at once (load average 30).
 * The connection is opened on the first check and again after one that failed.
 */
function ownConnectionPing<C>(connect: () => Promise<C>, query: (c: C) => Promise<unknown>, end: (c: C) => Promise<unknown>) {
  let conn: Promise<C> | undefined;
  const drop = async () => {
    const c = conn;
    conn = undefined;
    await c?.then(end).catch(() => undefined);
  };
  return {
    ping: async (): Promise<void> => {
      conn ??= connect();
      try {
        await query(await conn);
      } catch (e) {
        await drop();
        throw e;
      }
    },
    close: drop,
  };
}

export interface PgStore<S extends Record<string, unknown>> {
  pool: pg.Pool;
  /** Drizzle over `pool`, which it keeps as `$client` for the few queries written as named SQL statements. */
  db: NodePgDatabase<S> & { $client: pg.Pool };
  ping: () => Promise<void>;
  close(): Promise<void>;
}

/** Opens a pooled PostgreSQL store, creating and migrating the database first (under an advisory lock). */
export async function openPgStore<S extends Record<string, unknown>>(opts: {
  url: string;
  schema: S;
  migrationsFolder: string;
  max?: number;
  /**
   * Commit without waiting for the write-ahead log to reach the disk (synchronous_commit off). Only for a store
   * whose last fraction of a second of commits may be lost when PostgreSQL itself crashes; never for money or stock.
   */
  asyncCommit?: boolean;
}): Promise<PgStore<S>> {
  await ensurePgDatabase(opts.url);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 20,
    ...(opts.asyncCommit && { options: '-c synchronous_commit=off' }),
  });
  pool.on('error', () => undefined); // an idle client's broken socket; the next query reconnects
  const db = drizzlePg(pool, { schema: opts.schema });
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727274)');
    await migratePgFolder(drizzlePg(client), { migrationsFolder: opts.migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
    client.release();
  }
  const check = ownConnectionPing(
    async () => {
      const c = new pg.Client({ connectionString: opts.url });
      c.on('error', () => undefined); // a broken socket: the next check fails and opens another
      await c.connect();
      return c;
    },
    (c) => c.query('SELECT 1'),
    (c) => c.end(),
  );
  return {
    pool,
    db,
    ping: check.ping,
    close: async () => {
      await check.close();
      await pool.end();
    },
  };
}

export interface MysqlStore<S extends Record<string, unknown>> {
  pool: mysql.Pool;
  db: MySql2Database<S>;
  ping: () => Promise<void>;
  close(): Promise<void>;
}

/** Opens a pooled MySQL/MariaDB store, creating and migrating the database first (under a named lock). */
export async function openMysqlStore<S extends Record<string, unknown>>(opts: {
  url: string;
  schema: S;
  migrationsFolder: string;
  max?: number;
}): Promise<MysqlStore<S>> {
  await ensureMysqlDatabase(opts.url);
  const pool = mysql.createPool({ uri: opts.url, connectionLimit: opts.max ?? 20, timezone: 'Z', dateStrings: false });
  const db = drizzleMysql(pool, { schema: opts.schema, mode: 'default' });
  const conn = await pool.getConnection();
  try {
    await conn.query("SELECT GET_LOCK('marketshare_migrate', 60)");
    await migrateMysqlFolder(drizzleMysql(conn), { migrationsFolder: opts.migrationsFolder });
  } finally {
    await conn.query("SELECT RELEASE_LOCK('marketshare_migrate')").catch(() => undefined);
    conn.release();
  }
  const check = ownConnectionPing(
    async () => {
      const c = await mysql.createConnection({ uri: opts.url });
      c.on('error', () => undefined); // a broken socket: the next check fails and opens another
      return c;
    },
    (c) => c.query('SELECT 1'),
    (c) => c.end(),
  );
  return {
    pool,
    db,
    ping: check.ping,
    close: async () => {
      await check.close();
      await pool.end();
    },
  };
}

export { sql };
