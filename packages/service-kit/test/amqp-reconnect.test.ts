import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { RABBITMQ_URL, eventually } from '@marketshare/test-env';
import { AmqpPublisher } from '../src/amqp.js';

// The publisher behind every outbox reconnects by itself when the broker drops its connection, against the real
// RabbitMQ: the same strategy the e-mail consumer uses (services/emails/test/faults.test.ts drops that one).

const run = promisify(execFile);
// the control command of the broker the tests use (npm test names the project's own RabbitMQ's when it runs one)
const RABBITMQCTL = process.env.TEST_RABBITMQCTL ?? 'rabbitmqctl';
const exchange = `t_reconnect_${randomBytes(3).toString('hex')}`;
const silent = { info: () => undefined, warn: () => undefined };
const publisher = new AmqpPublisher(RABBITMQ_URL, silent, [exchange]);

afterAll(async () => {
  await publisher.close();
  const conn = await amqp.connect(RABBITMQ_URL);
  await (await conn.createChannel()).deleteExchange(exchange);
  await conn.close();
});

const publishes = () =>
  publisher.publish(exchange, 'ANY', Buffer.from('{}'), { messageId: randomBytes(8).toString('hex') }).then(
    () => true,
    () => false,
  );

describe('AmqpPublisher', () => {
  it('reconnects after the broker closes its connection, and publishes with confirms again', async () => {
    publisher.start();
    expect(await publisher.waitConnected(10_000)).toBe(true);
    expect(await publishes()).toBe(true);

    const { stdout } = await run(RABBITMQCTL, ['list_connections', 'pid', 'client_properties', '-q', '--no-table-headers']);
    const ours = stdout.split('\n').filter((line) => line.includes(`"marketshare-publisher ${exchange}"`));
    expect(ours).toHaveLength(1);
    await run(RABBITMQCTL, ['close_connection', ours[0]!.split('\t')[0]!, 'test: connection dropped']);

    expect(await eventually(async () => !publisher.connected, Boolean, 5_000, 20)).toBe(true);
    expect(await publishes()).toBe(false); // fails fast while away: the outbox keeps the message
    expect(await eventually(publishes, Boolean, 15_000, 100)).toBe(true);
  });
});
