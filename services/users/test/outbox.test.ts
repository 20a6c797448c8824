import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { usersApi } from '@marketshare/contracts';
import { createAccount, send, sleep } from '@marketshare/test-env';
import { countRows, startUsersStack, type UsersStack } from './helpers.js';

let stack: UsersStack;

beforeAll(async () => {
  stack = await startUsersStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('messages while RabbitMQ is unreachable', () => {
  it('keeps ACCOUNT_NEW and ACCOUNT_CHANGED in the outbox and delivers each once when the broker is back', async () => {
    // nothing listens on port 1: the publisher cannot connect, as when the broker is down
    await stack.stopService('users');
    await stack.startService('users', { RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1' });

    const account = await createAccount(stack, 'consumer', { locale: 'en' });
    const patched = await send(stack, account, usersApi.updateMe, { body: { country: 'CL' } });
    expect(patched.status).toBe(200);
    expect((await fetch(`${stack.url('users')}/readyz`)).status).toBe(200); // the broker is no readiness condition
    await sleep(800);
    expect(stack.inbox.received).toHaveLength(0);
    expect(await countRows(stack, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(2);

    await stack.stopService('users');
    await stack.startService('users');
    const [created] = await stack.inbox.waitFor('ACCOUNT_NEW');
    const [changed] = await stack.inbox.waitFor('ACCOUNT_CHANGED');
    expect(created).toMatchObject({ to: { name: account.username, email: account.email }, accountType: 'consumer', locale: 'en' });
    expect(changed).toMatchObject({ to: { name: account.username }, changes: ['profile'] });

    await sleep(1_200); // a second relay pass must not send them again
    expect(stack.inbox.received.map((m) => m.routingKey).sort()).toEqual(['ACCOUNT_CHANGED', 'ACCOUNT_NEW']);
    expect(await countRows(stack, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
  });
});
