import { connect } from 'amqplib';
import { RABBITMQ_URL, type Stack } from './stack.js';
import { eventually } from './wait.js';

export interface Inbox {
  /** Every message received so far, parsed. */
  received: { routingKey: string; body: any }[];
  /** Waits until `count` messages of `type` arrived (or `ms` passed) and returns those. */
  waitFor(type: string, count?: number, ms?: number): Promise<any[]>;
  close(): Promise<void>;
}

/**
 * A queue of our own bound to the stack's e-mail exchange for the message `types`, as the emails service binds one,
 * so a test sees which e-mails its services asked for.
 */
export async function bindInbox(stack: Stack, types: readonly string[] = ['ACCOUNT_NEW', 'ACCOUNT_CHANGED']): Promise<Inbox> {
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
