import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createAccount, http, sleep, startStack, type Stack } from '@marketshare/test-env';
import { bindInbox, countRows, type Inbox } from './helpers.js';

let stack: Stack;
let inbox: Inbox;

beforeAll(async () => {
  stack = await startStack({ services: ['auth', 'users'] });
  inbox = await bindInbox(stack);
});
afterAll(async () => {
  await inbox?.close();
  await stack?.stop();
});

describe('messages while RabbitMQ is unreachable', () => {
  it('keeps ACCOUNT_NEW and ACCOUNT_CHANGED in the outbox and delivers each once when the broker is back', async () => {
    // nothing listens on port 1: the publisher cannot connect, as when the broker is down
    await stack.stopService('users');
    await stack.startService('users', { RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1' });

    const account = await createAccount(stack, 'consumer', { locale: 'en' });
    const patched = await http('PATCH', `${stack.url('users')}/api/users/me`, { token: account.token, json: { country: 'CL' } });
    expect(patched.status).toBe(200);
    expect((await http('GET', `${stack.url('users')}/readyz`)).status).toBe(200); // the broker is no readiness condition
    await sleep(800);
    expect(inbox.received).toHaveLength(0);
    expect(await countRows(stack, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(2);

    await stack.stopService('users');
    await stack.startService('users');
    const [created] = await inbox.waitFor('ACCOUNT_NEW');
    const [changed] = await inbox.waitFor('ACCOUNT_CHANGED');
    expect(created).toMatchObject({ to: { name: account.username, email: account.email }, accountType: 'consumer', locale: 'en' });
    expect(changed).toMatchObject({ to: { name: account.username }, changes: ['profile'] });

    await sleep(1_200); // a second relay pass must not send them again
    expect(inbox.received.map((m) => m.routingKey).sort()).toEqual(['ACCOUNT_CHANGED', 'ACCOUNT_NEW']);
    expect(await countRows(stack, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
  });
});
