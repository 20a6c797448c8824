import pg from 'pg';
import mysql from 'mysql2/promise';

export const DATABASE_VARS = ['AUTH_DATABASE_URL', 'USERS_DATABASE_URL', 'PRODUCTS_DATABASE_URL', 'ORDERS_DATABASE_URL', 'EMAILS_DATABASE_URL'];

/** Drops the database each of these variables names (PostgreSQL or MySQL/MariaDB), if it exists. */
export async function dropDatabases(env, vars = DATABASE_VARS) {
  for (const key of vars) {
    const u = new URL(env[key]);
    const db = u.pathname.slice(1);
    if (u.protocol.startsWith('mysql')) {
      u.pathname = '/';
      const c = await mysql.createConnection(u.toString());
      await c.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await c.end();
    } else {
      u.pathname = '/postgres';
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await c.end();
    }
  }
}
