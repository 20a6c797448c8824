import { createServer, type Server } from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MYSQL_ROOT, PG_ROOT, eventually, startStack, type ServiceName, type Stack } from '@marketshare/test-env';

// A start that fails after the stores are open (here: the port is taken, so listening fails last of all) must
// close what it opened. Otherwise a process that retries its start, or a test that expects a failure, keeps a
// database pool, a broker connection and timers alive for nothing.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ services: [] });
});
afterAll(async () => {
  await stack?.stop();
});

/** Sessions open on the service's database right now, and whether that database exists at all. */
async function sessions(name: ServiceName): Promise<{ exists: boolean; open: number }> {
  const url = new URL(stack.env[`${name.toUpperCase()}_DATABASE_URL`]!);
  const db = url.pathname.slice(1);
  if (name === 'users') {
    const conn = await mysql.createConnection(MYSQL_ROOT);
    try {
      const [dbs] = await conn.query<mysql.RowDataPacket[]>('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [db]);
      const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT count(*) AS n FROM information_schema.processlist WHERE db = ?', [db]);
      return { exists: dbs.length === 1, open: Number(rows[0]!.n) };
    } finally {
      await conn.end();
    }
  }
  const client = new pg.Client({ connectionString: `${PG_ROOT}/postgres` });
  await client.connect();
  try {
    const dbs = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    const rows = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [db]);
    return { exists: dbs.rowCount === 1, open: Number(rows.rows[0]!.n) };
  } finally {
    await client.end();
  }
}

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('a service whose start fails', () => {
  for (const name of ['auth', 'users', 'products', 'orders', 'emails'] as const) {
    it(`${name}: closes its store when it cannot listen`, async () => {
      const squatter = await occupy(Number(stack.env[`${name.toUpperCase()}_PORT`]));
      try {
        await expect(stack.startService(name)).rejects.toThrow(/EADDRINUSE/);
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
      const after = await eventually(() => sessions(name), (s) => s.open === 0, 5_000);
      expect(after).toEqual({ exists: true, open: 0 }); // the store was opened (it created the database), then closed

      // and the same service starts normally once the port is free
      const running = await stack.startService(name);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      await stack.stopService(name);
    });
  }
});
