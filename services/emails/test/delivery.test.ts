import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_TYPES, type MessageType } from '@marketshare/contracts';
import { eventually, type Stack } from '@marketshare/test-env';
import { metricValue, sampleMessage, SmtpSink, startEmailsStack, startLinkTarget, TestBroker } from './support.js';

// The whole path with real servers: RabbitMQ → the emails service → an SMTP server, with the dedupe record in
// PostgreSQL. Messages are published as the producers publish them.

let stack: Stack;
let smtp: SmtpSink;
let broker: TestBroker;
let fixture: Awaited<ReturnType<typeof startEmailsStack>>;
let links: Awaited<ReturnType<typeof startLinkTarget>>;

beforeAll(async () => {
  links = await startLinkTarget();
  fixture = await startEmailsStack('100,200,400');
  ({ stack, smtp, broker } = fixture);
});
afterAll(async () => {
  await fixture?.stop();
  await links?.close();
});

// What each mail must carry beyond the chrome: its subject, a detail and the link the message gave.
const EXPECTED: Record<MessageType, { subject: Record<'en' | 'es', string>; detail: RegExp; link: (m: any) => string }> = {
  ACCOUNT_NEW: { subject: { es: '¡Bienvenido a marketshare!', en: 'Welcome to marketshare!' }, detail: /VENDEDOR|SELLER/, link: (m) => m.loginUrl },
  ACCOUNT_CHANGED: {
    subject: { es: 'Los datos de tu cuenta han cambiado ⚙️', en: 'Your account details have changed ⚙️' },
    detail: /correo electrónico y contraseña|e-mail address and password/,
    link: (m) => m.profileUrl,
  },
  ORDER_CREATED: {
    subject: { es: 'Recibimos tu pedido 📦', en: 'We have received your order 📦' },
    detail: /#4711/,
    link: (m) => m.cancelUrl,
  },
  ORDER_REJECTED: {
    subject: { es: 'Pedido rechazado: saldo insuficiente ⚠️', en: 'Order rejected: not enough balance ⚠️' },
    detail: /Rechazado|Rejected/,
    link: (m) => m.fundsUrl,
  },
  ORDER_DELIVERED: {
    subject: { es: '¡Tu pedido ya llegó a su destino! 💫', en: 'Your order has arrived! 💫' },
    detail: /Entregado|Delivered/,
    link: (m) => m.receiptUrl,
  },
  ORDER_CANCELLED: {
    subject: { es: 'Tu pedido ha sido cancelado ⚠️', en: 'Your order has been cancelled ⚠️' },
    detail: /Cancelado|Cancelled/,
    link: (m) => m.orderUrl,
  },
  SALE_NEW: {
    subject: { es: 'Nueva venta: Silla ergonómica Pro 🛒', en: 'New sale: Silla ergonómica Pro 🛒' },
    detail: /Oficinas del Sur SA/,
    link: (m) => m.saleUrl,
  },
  SALE_CANCELLED: {
    subject: { es: 'Venta cancelada: Silla ergonómica Pro ⚠️', en: 'Sale cancelled: Silla ergonómica Pro ⚠️' },
    detail: /Oficinas del Sur SA/,
    link: (m) => m.saleUrl,
  },
  SALE_DELIVERED: {
    subject: { es: 'Venta entregada: acreditamos $\u00a032.906,25 💰', en: 'Sale delivered: ARS\u00a032,906.25 credited 💰' },
    detail: /843,75|843\.75/,
    link: (m) => m.statementUrl,
  },
  REVIEW_NEW: {
    subject: { es: 'Nueva reseña de Silla ergonómica Pro: 4,5 de 5 ⭐', en: 'New review of Silla ergonómica Pro: 4.5 out of 5 ⭐' },
    detail: /★★★★½/,
    link: (m) => m.productUrl,
  },
  WITHDRAWAL_MADE: {
    subject: { es: 'Retiraste fondos a tu banco 🏦', en: 'You withdrew funds to your bank 🏦' },
    detail: /Banco Nación/,
    link: (m) => m.statementUrl,
  },
  PASSWORD_RESET: {
    subject: { es: 'Restablece tu contraseña 🔑', en: 'Reset your password 🔑' },
    detail: /30 minutos|30 minutes/,
    link: (m) => m.resetUrl,
  },
};

describe('emails service', () => {
  it('sends each type to the right address with subject, HTML, text, details, logo and working links', async () => {
    const messages = MESSAGE_TYPES.flatMap((type) => (['es', 'en'] as const).map((locale) => sampleMessage(type, { locale, links: links.base })));
    for (const m of messages) await broker.publish(m.type, m);
    await smtp.waitFor(() => messages.every((m) => smtp.withId(m.messageId).length === 1), 15_000, 'one mail per message');

    for (const m of messages) {
      const [{ mail, envelopeTo }] = smtp.withId(m.messageId);
      const expected = EXPECTED[m.type];
      expect(envelopeTo).toEqual([m.to.email]);
      const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
      expect(to?.value[0]).toEqual({ address: m.to.email, name: m.to.name });
      expect(mail.from?.value[0].address).toBe('no-reply@marketshare.test');
      expect(mail.subject).toBe(expected.subject[m.locale]);
      expect(mail.html).toMatch(expected.detail);
      expect(mail.text).toMatch(expected.detail);
      expect(mail.html).toContain(m.to.name);
      if ('order' in m) {
        expect(mail.text).toMatch(m.locale === 'es' ? /Total:\s+\$\s33\.750,00/ : /Total:\s+ARS\s33,750\.00/);
        expect(mail.text).toContain('Silla ergonómica Pro');
      }
      // the logo travels inside the message
      expect(mail.attachments.map((a) => [a.contentType, a.cid])).toContainEqual(['image/png', 'logo@marketshare']);
      expect(mail.attachments[0].content.subarray(1, 4).toString()).toBe('PNG');
      // the link is in both parts, and it works
      const link = expected.link(m);
      expect(mail.html).toContain(`href="${link}"`);
      expect(mail.text).toContain(link);
      const hrefs = [...(mail.html as string).matchAll(/href="([^"]+)"/g)].map((x) => x[1].replaceAll('&amp;', '&'));
      for (const href of hrefs) expect((await fetch(href)).status).toBe(200);
    }
    expect(links.hits).toContain('/orders/4711?action=review');
    expect(links.hits).toContain('/orders/4711/receipt');
    expect(await metricValue(stack, 'emails_sent_total', { type: 'ORDER_CREATED' })).toBe(2);
  });

  it('sends one mail when the same messageId is published twice, together or later', async () => {
    const m = sampleMessage('ORDER_DELIVERED');
    const before = await metricValue(stack, 'emails_duplicates_total', { type: 'ORDER_DELIVERED' });
    await broker.publish(m.type, m);
    await broker.publish(m.type, m); // may arrive while the first is being sent: it waits for the claim
    await smtp.waitFor(() => smtp.withId(m.messageId).length > 0);
    await broker.publish(m.type, m); // after it was sent
    const dropped = await eventually(
      () => metricValue(stack, 'emails_duplicates_total', { type: 'ORDER_DELIVERED' }),
      (n) => n === before + 2,
      10_000,
    );
    expect(dropped).toBe(before + 2); // both copies dropped
    expect(smtp.withId(m.messageId)).toHaveLength(1);
  });

  it('dead-letters malformed messages with the reason, and the next good message still goes out', async () => {
    const good = sampleMessage('ACCOUNT_NEW');
    const wrongShape = { ...sampleMessage('ACCOUNT_NEW'), to: { name: 'Nobody' } };
    const unknownType = { ...sampleMessage('ACCOUNT_NEW'), type: 'ACCOUNT_DELETED' };
    await broker.publish('ACCOUNT_NEW', Buffer.from('{"messageId": "broken'));
    await broker.publish('ACCOUNT_NEW', wrongShape);
    await broker.publish('ACCOUNT_NEW', unknownType);
    await broker.publish('ACCOUNT_NEW', good);
    await smtp.waitFor(() => smtp.withId(good.messageId).length === 1);

    const dead: Awaited<ReturnType<TestBroker['drainDeadLetters']>> = [];
    await eventually(async () => (dead.push(...(await broker.drainDeadLetters())), dead.length >= 3), Boolean, 5000);
    expect(dead).toHaveLength(3);
    const byError = dead.map((d) => ({
      reason: d.properties.headers?.['x-death-reason'],
      error: String(d.properties.headers?.['x-error']),
      queue: d.properties.headers?.['x-original-queue'],
      body: d.content.toString(),
    }));
    expect(byError.every((d) => d.reason === 'malformed' && d.queue === `${stack.env.EMAIL_QUEUE_PREFIX}emails.ACCOUNT_NEW`)).toBe(true);
    expect(byError.map((d) => d.error)).toEqual(
      expect.arrayContaining([expect.stringContaining('not JSON'), expect.stringContaining('/to/email'), 'unknown type "ACCOUNT_DELETED"']),
    );
    expect(byError.map((d) => d.body)).toContain('{"messageId": "broken'); // kept as it was, for a person to inspect
    expect(await metricValue(stack, 'emails_dead_lettered_total', { type: 'ACCOUNT_NEW' })).toBe(3);
  });

  it('dead-letters a refused recipient at once and a failing one after its retries, the reason kept', async () => {
    const refused = sampleMessage('ORDER_CANCELLED', { email: 'refused@example.com' });
    const later = sampleMessage('ORDER_CANCELLED', { email: 'later@example.com' });
    await broker.publish(refused.type, refused);
    await broker.publish(later.type, later);
    const dead: Awaited<ReturnType<TestBroker['drainDeadLetters']>> = [];
    await eventually(async () => (dead.push(...(await broker.drainDeadLetters())), dead.length >= 2), Boolean, 10_000);
    expect(dead).toHaveLength(2);
    const header = (id: string, h: string) => dead.find((d) => d.properties.messageId === id)?.properties.headers?.[h];
    expect(header(refused.messageId, 'x-death-reason')).toBe('refused');
    expect(String(header(refused.messageId, 'x-error'))).toContain('550');
    expect(header(later.messageId, 'x-death-reason')).toBe('retries-exhausted');
    expect(String(header(later.messageId, 'x-error'))).toContain('451');
    expect(header(later.messageId, 'x-retry-count')).toBe(3); // three delays configured
    expect(await metricValue(stack, 'emails_retried_total', { type: 'ORDER_CANCELLED' })).toBe(3);
    expect(smtp.withId(refused.messageId).concat(smtp.withId(later.messageId))).toHaveLength(0);
  });

  it('reports ready with broker, SMTP and database reachable, and exposes its metrics', async () => {
    const ready = await fetch(`${stack.url('emails')}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { broker: 'ok', smtp: 'ok', database: 'ok' } });
    const metrics = await (await fetch(`${stack.url('emails')}/metrics`)).text();
    for (const name of ['emails_consumed_total', 'emails_sent_total', 'emails_retried_total', 'emails_dead_lettered_total', 'email_send_duration_seconds_bucket']) {
      expect(metrics).toContain(name);
    }
    expect(await metricValue(stack, 'email_send_duration_seconds_count')).toBeGreaterThanOrEqual(11);
  });
});
