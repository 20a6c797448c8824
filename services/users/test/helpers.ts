import { connect } from 'amqplib';
import mysql from 'mysql2/promise';
import { RABBITMQ_URL, eventually, type Stack } from '@marketshare/test-env';

export interface Inbox {
  /** Every message received so far, parsed. */
  received: { routingKey: string; body: any }[];
  /** Waits until `count` messages of `type` arrived (or `ms` passed) and returns those. */
  waitFor(type: string, count?: number, ms?: number): Promise<any[]>;
  close(): Promise<void>;
}

/** A queue of our own bound to the stack's exchange, as the emails service would bind one. */
export async function bindInbox(stack: Stack, types = ['ACCOUNT_NEW', 'ACCOUNT_CHANGED']): Promise<Inbox> {
  const conn = await connect(RABBITMQ_URL);
  const ch = await conn.createChannel();
  const exchange = stack.env.EMAIL_EXCHANGE!;
  await ch.assertExchange(exchange, 'direct', { durable: true });
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  for (const t of types) await ch.bindQueue(queue, exchange, t);
  const received: Inbox['received'] = [];
  await ch.consume(queue, (m) => {
    if (!m) return;
    received.push({ routingKey: m.fields.routingKey, body: JSON.parse(m.content.toString()) });
    ch.ack(m);
  });
  const ofType = (type: string) => received.filter((m) => m.routingKey === type).map((m) => m.body);
  return {
    received,
    waitFor(type, count = 1, ms = 10_000) {
      return eventually(async () => ofType(type), (found) => found.length >= count, ms, 50);
    },
    async close() {
      await ch.deleteExchange(exchange).catch(() => undefined);
      await conn.close();
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
