import { describe, expect, it } from 'vitest';
import { eventually, sleep } from '@marketshare/test-env';
import { BASE_URL, MAILBOX_URL } from './env.js';
import { api, createProduct, signInTarget, signUp } from './gateway-api.js';

// Through the running system, as `npm start` runs it: every account event and order step puts exactly one
// e-mail in the dev mailbox (maildev), reached over its REST API.

const account = (role: 'consumer' | 'seller', locale: 'en' | 'es') => signUp('mail', role, locale);

type Mail = { subject: string; to: { address: string }[]; html?: string; text?: string };
async function mailsTo(address: string): Promise<Mail[]> {
  const all = (await (await fetch(`${MAILBOX_URL}/email`)).json()) as Mail[];
  return all.filter((m) => m.to.some((t) => t.address === address));
}
/** Waits until `count` mails whose subject matches have arrived, then a little longer to catch any duplicate. */
async function expectMails(address: string, subject: RegExp, count = 1, timeoutMs = 30_000): Promise<Mail[]> {
  const matching = async () => (await mailsTo(address)).filter((m) => subject.test(m.subject));
  await eventually(matching, (found) => found.length >= count, timeoutMs, 250);
  await sleep(1500); // a duplicate would arrive within this: the absence of one cannot be waited for otherwise
  const found = await matching();
  expect(found.map((m) => m.subject), `mails to ${address} matching ${subject}`).toHaveLength(count);
  return found;
}

describe('e-mails in the dev mailbox', () => {
  it('registration sends one welcome mail, in the account’s language', async () => {
    const en = await account('consumer', 'en');
    const [mail] = await expectMails(en.email, /welcome/i);
    expect(mail!.text).toContain('marketshare');
    const es = await account('seller', 'es');
    await expectMails(es.email, /bienvenido/i);
  });

  it('an order’s creation, delivery and a cancellation each send one mail', async () => {
    const seller = await account('seller', 'en');
    const consumer = await account('consumer', 'en');
    const productId = await createProduct(seller.token, {
      name: 'Mailbox test lamp', description: 'A lamp that proves e-mails arrive once', colors: ['blanco'], stock: 10,
    });
    expect((await api('POST', '/api/users/me/funds', { token: consumer.token, json: { amount: 100_000 } })).status).toBe(200);

    const delivered = await api('POST', '/api/orders', { token: consumer.token, json: { productId, quantity: 1 } });
    expect(delivered.body.status).toBe('RECIBIDO');
    const cancelled = await api('POST', '/api/orders', { token: consumer.token, json: { productId, quantity: 2 } });
    expect((await api('POST', `/api/orders/${cancelled.body.id}/cancel`, { token: consumer.token })).status).toBe(200);

    // the system under test runs with MAX_TIME_TO_PROGRESS=4: delivery within about 8 s
    await eventually(
      async () => (await api('GET', `/api/orders/${delivered.body.id}`, { token: consumer.token })).body.status,
      (status) => status === 'ENTREGADO',
      30_000,
      500,
    );
    const created = await expectMails(consumer.email, /received your order|recibimos tu pedido/i, 2);
    // The cancel link leads to the order's page in the web app: a guest is sent to sign in and back to it.
    const link = created.map((m) => m.text ?? '').join('\n').match(new RegExp(`${BASE_URL}/orders/(\\d+)\\?action=cancel`));
    expect(link).not.toBeNull();
    const visit = await fetch(link![0], { redirect: 'manual' });
    const target = signInTarget({ status: visit.status, location: visit.headers.get('location'), html: await visit.text() });
    expect(decodeURIComponent(target)).toContain(`/login?notice=loginRequired&next=/orders/${link![1]}?action=cancel`);
    await expectMails(consumer.email, /arrived|llegó/i, 1);
    await expectMails(consumer.email, /cancel/i, 1);
  });
});
