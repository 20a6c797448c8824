import mysql from 'mysql2/promise';
import { bindInbox, startStack, type Inbox, type Stack } from '@marketshare/test-env';

/** Auth and users with an inbox on their exchange, what most users tests run on; stop() closes both. */
export interface UsersStack extends Stack {
  inbox: Inbox;
}

export async function startUsersStack(opts: { env?: Record<string, string>; inbox?: string[] } = {}): Promise<UsersStack> {
  const stack = await startStack({ services: ['auth', 'users'], env: opts.env });
  const inbox = await bindInbox(stack, opts.inbox);
  return {
    ...stack,
    inbox,
    async stop() {
      await inbox.close();
      await stack.stop();
    },
  };
}

/** Direct SQL on the users service's database, to prove what was (not) written. */
export async function queryRows<T = Record<string, unknown>>(stack: Stack, sql: string, params: unknown[] = []): Promise<T[]> {
  const conn = await mysql.createConnection(stack.env.USERS_DATABASE_URL!);
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(sql, params);
    return rows as T[];
  } finally {
    await conn.end();
  }
}

export async function countRows(stack: Stack, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await queryRows<{ n: unknown }>(stack, sql, params);
  return Number(row?.n ?? 0);
}
