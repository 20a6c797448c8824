import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageType } from '@marketshare/contracts';
import { eventually, RABBITMQCTL, sleep, type Stack } from '@marketshare/test-env';
import { metricValue, sampleMessage, SmtpSink, startEmailsStack, TestBroker } from './support.js';

// Faults on the real path: the SMTP server goes away, the service is stopped, the broker drops the connection.
// No mail may be lost, and none may arrive twice.

let stack: Stack;
let smtp: SmtpSink;
let broker: TestBroker;
let fixture: Awaited<ReturnType<typeof startEmailsStack>>;

beforeAll(async () => {
  // Retry window of about 6 s, longer than the outage below.
  fixture = await startEmailsStack('200,400,800,1600,3200');
  ({ stack, smtp, broker } = fixture);
});
afterAll(async () => {
  await fixture?.stop();
});

const ORDER_TYPES: MessageType[] = ['ORDER_CREATED', 'ORDER_DELIVERED', 'ORDER_CANCELLED'];
const exactlyOnce = (ids: string[]) => ids.every((id) => smtp.withId(id).length === 1);

describe('emails service under faults', () => {
  it('keeps mails while the SMTP server is down and sends them, once each, when it is back', async () => {
    await smtp.stop();
    const messages = ORDER_TYPES.flatMap((type) => [sampleMessage(type), sampleMessage(type, { locale: 'en' })]);
    for (const m of messages) await broker.publish(m.type, m);
    // every message has failed at least once against the closed port
    const retried = async () => {
      let n = 0;
      for (const type of ORDER_TYPES) n += await metricValue(stack, 'emails_retried_total', { type });
      return n;
    };
    expect(await eventually(retried, (n) => n >= messages.length, 5000)).toBeGreaterThanOrEqual(messages.length); // a failed attempt per message
    const ready = await fetch(`${stack.url('emails')}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).not.toMatchObject({ checks: { smtp: 'ok' } });

    await smtp.listen();
    const ids = messages.map((m) => m.messageId);
    await smtp.waitFor(() => exactlyOnce(ids), 15_000, 'every mail after the outage');
    expect(await broker.drainDeadLetters()).toHaveLength(0);
  });

  it('delivers, once each, the 50 order events published while the service was stopped', async () => {
    await stack.stopService('emails');
    const messages = Array.from({ length: 50 }, (_, i) => sampleMessage(ORDER_TYPES[i % 3], { locale: i % 2 ? 'en' : 'es' }));
    for (const m of messages) await broker.publish(m.type, m);

    await stack.startService('emails');
    const ids = messages.map((m) => m.messageId);
    await smtp.waitFor(() => exactlyOnce(ids), 20_000, '50 mails');
    // nothing more turns up afterwards
    await sleep(500);
    expect(exactlyOnce(ids)).toBe(true);
    const wanted = new Set(ids.map((id) => `<${id}@marketshare>`));
    expect(smtp.mails.filter((m) => wanted.has(m.mail.messageId ?? ''))).toHaveLength(50);
  });

  it('reconnects when the broker drops its connection, and resumes consuming', async () => {
    const run = promisify(execFile);
    const marker = `marketshare-emails ${stack.env.EMAIL_QUEUE_PREFIX}${stack.env.EMAIL_EXCHANGE}`;
    const { stdout } = await run(RABBITMQCTL, ['list_connections', 'pid', 'client_properties', '-q', '--no-table-headers']);
    const ours = stdout.split('\n').filter((line) => line.includes(`"${marker}"`));
    expect(ours).toHaveLength(1);
    await run(RABBITMQCTL, ['close_connection', ours[0].split('\t')[0], 'test: connection dropped']);

    const m = sampleMessage('ACCOUNT_CHANGED');
    await broker.publish(m.type, m); // the queue is durable: it waits for the consumer to come back
    await smtp.waitFor(() => smtp.withId(m.messageId).length === 1, 15_000, 'the mail after reconnecting');
    expect(await eventually(async () => (await fetch(`${stack.url('emails')}/readyz`)).status, (s) => s === 200, 5000)).toBe(200);
  });
});
