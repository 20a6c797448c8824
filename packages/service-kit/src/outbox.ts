import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import {
  bigint as myBigint,
  datetime,
  index as myIndex,
  int,
  json,
  mysqlTable,
  varchar,
} from 'drizzle-orm/mysql-core';
import type { Pool as PgPool } from 'pg';
import type { Pool as MysqlPool, RowDataPacket } from 'mysql2/promise';
import type { FastifyBaseLogger } from 'fastify';
import { EXCHANGE_EMAILS, type EmailMessageInput } from '@marketshare/contracts';
import { AmqpPublisher } from './amqp.js';
import type { Metrics } from './metrics.js';

// The transactional outbox (eShop's IntegrationEventLog shape): a service writes its message in the same
// transaction as the change it announces, and a relay publishes it afterwards with publisher confirms.

/** Outbox table for PostgreSQL services; spread into the service's drizzle schema so its migrations create it. */
export const pgOutbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: uuid('message_id').notNull().unique(),
    exchange: text('exchange').notNull(),
    routingKey: text('routing_key').notNull(),
    payload: jsonb('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  // a partial index over the rows still to send keeps the relay's scan small
  (t) => [index('outbox_unpublished_idx').on(t.id).where(sql`published_at is null`)],
);

/** Outbox table for MySQL/MariaDB services. */
export const mysqlOutbox = mysqlTable(
  'outbox',
  {
    id: myBigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    messageId: varchar('message_id', { length: 36 }).notNull().unique(),
    exchange: varchar('exchange', { length: 100 }).notNull(),
    routingKey: varchar('routing_key', { length: 100 }).notNull(),
    payload: json('payload').notNull(),
    attempts: int('attempts').notNull().default(0),
    createdAt: datetime('created_at', { fsp: 3 }).notNull(),
    publishedAt: datetime('published_at', { fsp: 3 }),
  },
  (t) => [myIndex('outbox_published_idx').on(t.publishedAt, t.id)],
);

/** The row for one e-mail message; insert it with the transaction's own handle. */
export function outboxMessage(message: EmailMessageInput, exchange: string = EXCHANGE_EMAILS) {
  const messageId = randomUUID();
  const payload = { messageId, occurredAt: new Date().toISOString(), ...message };
  return { messageId, exchange, routingKey: message.type, payload, createdAt: new Date() };
}

interface Row {
  id: number;
  message_id: string;
  exchange: string;
  routing_key: string;
  payload: unknown;
}
interface OutboxStore {
  /** Runs `fn` on the oldest unpublished rows, locked for this relay only; commits the rows `fn` returns as sent. */
  withBatch(limit: number, fn: (rows: Row[]) => Promise<number[]>): Promise<number>;
  pending(): Promise<number>;
}

function pgStore(pool: PgPool): OutboxStore {
  return {
    async withBatch(limit, fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<Row>(
          `SELECT id, message_id, exchange, routing_key, payload FROM outbox
           WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        );
        const sent = rows.length ? await fn(rows) : [];
        if (sent.length) await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1)', [sent]);
        const failed = rows.filter((r) => !sent.includes(r.id)).map((r) => r.id);
        if (failed.length) await client.query('UPDATE outbox SET attempts = attempts + 1 WHERE id = ANY($1)', [failed]);
        await client.query('COMMIT');
        return rows.length;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async pending() {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      return Number(rows[0]?.n ?? 0);
    },
  };
}

function mysqlStore(pool: MysqlPool): OutboxStore {
  return {
    async withBatch(limit, fn) {
      const conn = await pool.getConnection();
      try {
        await conn.beginTransaction();
        const [found] = await conn.query<RowDataPacket[]>(
          `SELECT id, message_id, exchange, routing_key, payload FROM outbox
           WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
          [limit],
        );
        const rows = found.map((r) => ({ ...(r as Row), payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }));
        const sent = rows.length ? await fn(rows) : [];
        if (sent.length) await conn.query('UPDATE outbox SET published_at = NOW(3) WHERE id IN (?)', [sent]);
        const failed = rows.filter((r) => !sent.includes(r.id)).map((r) => r.id);
        if (failed.length) await conn.query('UPDATE outbox SET attempts = attempts + 1 WHERE id IN (?)', [failed]);
        await conn.commit();
        return rows.length;
      } catch (e) {
        await conn.rollback().catch(() => undefined);
        throw e;
      } finally {
        conn.release();
      }
    },
    async pending() {
      const [rows] = await pool.query<RowDataPacket[]>('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      return Number(rows[0]?.n ?? 0);
    },
  };
}

export interface OutboxRelay {
  /** Wake the relay now (call after committing a transaction that wrote to the outbox). */
  notify(): void;
  /** Publish everything pending; resolves when the outbox is empty or the broker is unreachable. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Publishes outbox rows in order, polling every `intervalMs` and whenever notified. */
export function startOutboxRelay(opts: {
  db: { dialect: 'pg'; pool: PgPool } | { dialect: 'mysql'; pool: MysqlPool };
  publisher: AmqpPublisher;
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  metrics?: Metrics;
  intervalMs?: number;
  batchSize?: number;
}): OutboxRelay {
  const store = opts.db.dialect === 'pg' ? pgStore(opts.db.pool) : mysqlStore(opts.db.pool);
  const published = opts.metrics?.counter('outbox_published_total', 'Messages published from the outbox', ['type']);
  opts.metrics?.gauge('outbox_pending_messages', 'Outbox messages not yet published', [], async function (this: { set(v: number): void }) {
    this.set(await store.pending().catch(() => 0));
  });
  const batchSize = opts.batchSize ?? 200;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  async function publishBatch(rows: Row[]): Promise<number[]> {
    const results = await Promise.allSettled(
      rows.map((r) =>
        opts.publisher
          .publish(r.exchange, r.routing_key, Buffer.from(JSON.stringify(r.payload)), { messageId: r.message_id, type: r.routing_key })
          .then(() => published?.inc({ type: r.routing_key })),
      ),
    );
    return rows.filter((_, i) => results[i]!.status === 'fulfilled').map((r) => r.id);
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      if (!opts.publisher.connected) return;
      try {
        let n: number;
        do n = await store.withBatch(batchSize, publishBatch);
        while (n === batchSize && opts.publisher.connected && !closed);
      } catch (err) {
        opts.log.warn({ err: (err as Error).message }, 'outbox relay pass failed; will retry');
        return;
      }
    } while (again && !closed);
  }
  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => (running = undefined));
    return running;
  }
  // A pass logs its own failures (and the next one retries); this catch is for anything that escapes it.
  const runInBackground = () => {
    run().catch((err: unknown) => opts.log.error({ err: (err as Error).message }, 'outbox relay failed'));
  };
  const timer = setInterval(runInBackground, opts.intervalMs ?? 500);
  timer.unref();
  return {
    notify: runInBackground,
    drain: run,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * The relay together with a publisher of its own: it connects to RabbitMQ in the background (the outbox keeps
 * messages meanwhile) and both close together.
 */
export function startOutboxPublishing(
  opts: Omit<Parameters<typeof startOutboxRelay>[0], 'publisher' | 'log'> & {
    rabbitmqUrl: string;
    exchange: string;
    log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  },
): OutboxRelay {
  const publisher = new AmqpPublisher(opts.rabbitmqUrl, opts.log, [opts.exchange]);
  publisher.start();
  const relay = startOutboxRelay({ ...opts, publisher });
  return {
    ...relay,
    async close() {
      await relay.close();
      await publisher.close();
    },
  };
}
