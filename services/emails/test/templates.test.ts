import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from '@marketshare/contracts';
import { nextStep, isPermanentSmtpError } from '../src/domain/delivery-policy.js';
import { parseEmailMessage } from '../src/domain/email-message.js';
import { emailTopology } from '../src/domain/topology.js';
import { formatMoney } from '../src/templates/format.js';
import { LOGO_CID, renderEmail } from '../src/templates/index.js';
import { sampleMessage, sampleOrder } from './support.js';

// The pure parts: rendering, parsing and the retry policy. Delivery through the broker is in delivery.test.ts.
const ctx = { timeZone: 'America/Argentina/Buenos_Aires' };

describe('templates', () => {
  it('renders every type in both languages as HTML and text with the postcard chrome', () => {
    for (const type of MESSAGE_TYPES) {
      const es = renderEmail(sampleMessage(type, { locale: 'es' }), ctx);
      const en = renderEmail(sampleMessage(type, { locale: 'en' }), ctx);
      expect(es.subject).not.toBe(en.subject);
      expect(es.html).toContain('Sinceramente, el equipo de marketshare');
      expect(en.html).toContain('Sincerely, the marketshare team');
      expect(es.text).toContain('Este es un mensaje automático que no requiere respuesta');
      for (const r of [es, en]) {
        expect(r.html).toContain('bgcolor="#111827"'); // the site header's band, with its logo
        expect(r.html).toContain('#0b5cad'); // the site's brand blue: the button and links
        expect(r.html).toContain(`src="cid:${LOGO_CID}"`);
        expect(r.html).not.toMatch(/src="https?:/); // no externally hosted images
        expect(r.text).not.toContain('<');
      }
    }
  });

  it("uses the original's subjects in Spanish", () => {
    const subject = (type: (typeof MESSAGE_TYPES)[number]) => renderEmail(sampleMessage(type, { locale: 'es' }), ctx).subject;
    expect(subject('ACCOUNT_NEW')).toBe('¡Bienvenido a marketshare!');
    expect(subject('ORDER_CREATED')).toBe('Recibimos tu pedido 📦'); // the original's said "on its way" (issue 16 §2)
    expect(subject('ORDER_DELIVERED')).toBe('¡Tu pedido ya llegó a su destino! 💫');
    expect(subject('ORDER_CANCELLED')).toBe('Tu pedido ha sido cancelado ⚠️');
    expect(subject('WITHDRAWAL_MADE')).toBe('Retiraste fondos a tu banco 🏦');
    expect(subject('PASSWORD_RESET')).toBe('Restablece tu contraseña 🔑');
    expect(subject('ACCOUNT_CHANGED')).toBe('Los datos de tu cuenta han cambiado ⚙️');
  });

  it("titles a new order by its status and leads with the order, cancelling second", () => {
    const m = sampleMessage('ORDER_CREATED', { locale: 'en' });
    if (m.type !== 'ORDER_CREATED') throw new Error('unexpected');
    const r = renderEmail(m, ctx);
    expect(r.subject).toBe('We have received your order 📦');
    expect(r.text.indexOf(`View my order: ${m.orderUrl}`)).toBeGreaterThan(-1);
    expect(r.text.indexOf(`View my order: ${m.orderUrl}`)).toBeLessThan(r.text.indexOf(`Cancel order: ${m.cancelUrl}`));
  });

  it('escapes every interpolated value', () => {
    const m = sampleMessage('ORDER_CREATED', { name: '<script>alert(1)</script>' });
    if (m.type !== 'ORDER_CREATED') throw new Error('unexpected');
    m.order.productName = 'Mesa "grande" & <b>';
    m.cancelUrl = 'http://localhost:8080/orders/1?a=1&b="x"';
    const { html } = renderEmail(m, ctx);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Mesa &#34;grande&#34; &#38; &#60;b&#62;');
    expect(html).toContain('href="http://localhost:8080/orders/1?a=1&#38;b=&#34;x&#34;"');
  });

  it('shows money from minor units in ARS the way each language writes it', () => {
    expect(formatMoney(3_375_000, 'ARS', 'es')).toMatch(/^\$\s33\.750,00$/);
    expect(formatMoney(3_375_000, 'ARS', 'en')).toMatch(/^ARS\s33,750\.00$/);
    const { text } = renderEmail(sampleMessage('ORDER_CREATED', { locale: 'es' }), ctx);
    expect(text).toMatch(/Total:\s+\$\s33\.750,00/);
    expect(text).toMatch(/Precio unitario:\s+\$\s12\.500,00/);
    expect(text).toContain('14 de marzo 2025 | 12:09:26'); // 15:09 UTC in Buenos Aires
  });

  it('tells a buyer whose purchase was refused why and what to do: add funds, or buy the units left', () => {
    const m = sampleMessage('ORDER_REJECTED', { locale: 'en' });
    if (m.type !== 'ORDER_REJECTED') throw new Error('unexpected');
    const noMoney = renderEmail(m, ctx);
    expect(noMoney.subject).toBe('Order rejected: not enough balance ⚠️');
    expect(noMoney.text).toMatch(/your balance did not cover its total of ARS\s33,750\.00/);
    expect(noMoney.text).toContain('You have not been charged');
    expect(noMoney.text).toContain(`Add funds: ${m.fundsUrl}`);
    expect(noMoney.html).toContain('#991b1b'); // the status in the site's "bad" red
    const noStock = renderEmail({ ...m, locale: 'es', order: sampleOrder({ status: 'SIN_STOCK' }), stockLeft: 2 }, ctx);
    expect(noStock.subject).toBe('Pedido rechazado: sin stock suficiente ⚠️');
    expect(noStock.text).toContain('el vendedor no tenía 3 unidades disponibles');
    expect(noStock.text).toContain('Quedan 2 unidades: puedes comprar esa cantidad o menos.');
    expect(noStock.text).toContain(`Ver el producto: ${m.productUrl}`);
    const soldOut = renderEmail({ ...m, order: sampleOrder({ status: 'SIN_STOCK' }), stockLeft: 0 }, ctx);
    expect(soldOut.text).toContain('No units are left for now');
  });

  it('leads the delivered mail with the order and links its printable receipt', () => {
    const m = sampleMessage('ORDER_DELIVERED', { locale: 'en' });
    if (m.type !== 'ORDER_DELIVERED') throw new Error('unexpected');
    const r = renderEmail(m, ctx);
    expect(r.text.indexOf(`View my order: ${m.orderUrl}`)).toBeGreaterThan(-1);
    expect(r.text).toContain(`View and print the receipt: ${m.orderUrl}/receipt`);
    expect(r.text.indexOf(`View my order: ${m.orderUrl}`)).toBeLessThan(r.text.indexOf('View and print the receipt'));
    expect(renderEmail({ ...m, locale: 'es' }, ctx).text).toContain(`Ver e imprimir el comprobante: ${m.orderUrl}/receipt`);
  });

  it('tells a seller of a delivered sale the amounts the settlement credited, not a recomputation', () => {
    const m = sampleMessage('SALE_DELIVERED', { locale: 'en' });
    if (m.type !== 'SALE_DELIVERED') throw new Error('unexpected');
    // deliberately not total minus any fee rate: the mail shows what users answered
    m.settlement = { proceeds: 3_300_001, fee: 74_999, balance: 9_000_000 };
    const r = renderEmail(m, ctx);
    expect(r.subject).toMatch(/^Sale delivered: ARS\s33,000\.01 credited/);
    expect(r.text).toMatch(/Marketplace fee:\s+ARS\s749\.99/);
    expect(r.text).toMatch(/Credited to your balance:\s+ARS\s33,000\.01/);
    expect(r.text).toMatch(/Your balance now:\s+ARS\s90,000\.00/);
    expect(r.text).toContain(`View the sale: ${m.saleUrl}`);
    expect(r.text).toContain(`See my statement: ${m.statementUrl}`);
    expect(renderEmail({ ...m, locale: 'es' }, ctx).subject).toMatch(/^Venta entregada: acreditamos \$\s33\.000,01/);
  });

  it('tells a seller of a review: the stars, the words, and the product', () => {
    const m = sampleMessage('REVIEW_NEW', { locale: 'es' });
    if (m.type !== 'REVIEW_NEW') throw new Error('unexpected');
    m.review.summary = 'Buena <b>silla</b>';
    const r = renderEmail(m, ctx);
    expect(r.subject).toBe('Nueva reseña de Silla ergonómica Pro: 4,5 de 5 ⭐');
    expect(r.text).toContain('★★★★½ (4,5 de 5)\nMuy cómoda\nBuena <b>silla</b>'); // text parts are not HTML
    expect(r.html).toContain('Buena &#60;b&#62;silla&#60;/b&#62;');
    expect(r.text).toContain(`Ver la reseña en el producto: ${m.productUrl}`);
    const en = renderEmail({ ...m, locale: 'en', review: { ...m.review, rating: 2 } }, ctx);
    expect(en.subject).toBe('New review of Silla ergonómica Pro: 2 out of 5 ⭐');
    expect(en.text).toContain('★★☆☆☆');
  });

  it.each([
    {
      type: 'SALE_NEW' as const,
      subject: { es: 'Nueva venta: Silla ergonómica Pro 🛒', en: 'New sale: Silla ergonómica Pro 🛒' },
      text: { es: ['Oficinas del Sur SA compró uno de tus productos'], en: [/credited with its total of ARS\s33,750\.00, less the marketplace fee/] },
    },
    {
      type: 'SALE_CANCELLED' as const,
      subject: { es: 'Venta cancelada: Silla ergonómica Pro ⚠️', en: 'Sale cancelled: Silla ergonómica Pro ⚠️' },
      text: { es: [/Situación:\s+Cancelado/i], en: ['Oficinas del Sur SA cancelled a purchase'] },
    },
  ])('tells a seller of a $type: who bought, what it means for the balance, and a button to the sale', ({ type, subject, text }) => {
    for (const locale of ['es', 'en'] as const) {
      const r = renderEmail(sampleMessage(type, { locale }), ctx);
      expect(r.subject).toBe(subject[locale]);
      for (const words of text[locale]) expect(r.text).toMatch(words);
    }
    const en = renderEmail(sampleMessage(type, { locale: 'en' }), ctx);
    expect(en.text).toContain('View the sale: http://localhost:8080/orders/4711');
    expect(en.html).toContain('href="http://localhost:8080/orders/4711"');
  });
});

describe('parseEmailMessage', () => {
  const parse = (body: unknown, type: (typeof MESSAGE_TYPES)[number] = 'ORDER_CREATED') =>
    parseEmailMessage(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), type);

  it('accepts what the producers send', () => {
    for (const type of MESSAGE_TYPES) expect(parse(sampleMessage(type), type)).toMatchObject({ ok: true });
  });

  it('names what is wrong with a malformed message', () => {
    const good = sampleMessage('ORDER_CREATED');
    expect(parse('{not json')).toMatchObject({ ok: false, error: expect.stringContaining('not JSON') });
    expect(parse({ ...good, type: 'ORDER_LOST' })).toMatchObject({ ok: false, error: 'unknown type "ORDER_LOST"' });
    expect(parse(good, 'ORDER_DELIVERED')).toMatchObject({ ok: false, error: expect.stringContaining('routing key') });
    expect(parse({ ...good, to: { name: 'x' } })).toMatchObject({ ok: false, error: expect.stringContaining('/to/email') });
    expect(parse({ ...good, to: { email: 'a@b.c, d@e.f', name: 'x' } })).toMatchObject({ ok: false, error: expect.stringContaining('/to/email') });
    expect(parse({ ...good, cancelUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: expect.stringContaining('/cancelUrl') });
    expect(parse({ ...good, order: { ...(good as { order: object }).order, productName: 'x'.repeat(70_000) } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('exceeds'),
    });
    expect(parse({ ...good, messageId: 'has spaces in it' })).toMatchObject({ ok: false, error: expect.stringContaining('/messageId') });
  });
});

describe('delivery policy', () => {
  const delays = [100, 200, 400];
  it('retries failures with growing delays, then dead-letters', () => {
    const failed = { kind: 'failed', error: 'ECONNREFUSED' } as const;
    expect(nextStep(failed, 0, delays)).toEqual({ action: 'retry', delayIndex: 0, attempt: 1, error: 'ECONNREFUSED' });
    expect(nextStep(failed, 2, delays)).toEqual({ action: 'retry', delayIndex: 2, attempt: 3, error: 'ECONNREFUSED' });
    expect(nextStep(failed, 3, delays)).toEqual({ action: 'dead-letter', reason: 'retries-exhausted', error: 'ECONNREFUSED' });
  });
  it('dead-letters rejections at once, waits on busy claims without spending an attempt', () => {
    expect(nextStep({ kind: 'rejected', reason: 'malformed', error: 'x' }, 0, delays)).toMatchObject({ action: 'dead-letter', reason: 'malformed' });
    expect(nextStep({ kind: 'busy' }, 1, delays)).toEqual({ action: 'retry', delayIndex: 2, attempt: 1 });
    expect(nextStep({ kind: 'duplicate' }, 0, delays)).toEqual({ action: 'ack' });
  });
  it('treats only a 5xx to the recipient or content as permanent', () => {
    expect(isPermanentSmtpError({ responseCode: 550, command: 'RCPT TO' })).toBe(true);
    expect(isPermanentSmtpError({ responseCode: 451, command: 'RCPT TO' })).toBe(false);
    expect(isPermanentSmtpError({ responseCode: 535, command: 'AUTH PLAIN' })).toBe(false);
    expect(isPermanentSmtpError({ code: 'ECONNECTION' })).toBe(false);
  });
  it('names queues by prefix, type and delay', () => {
    const t = emailTopology('emails', 'p.', [1000]);
    expect(t.deadLetterExchange).toBe('emails.dlx');
    expect(t.deadLetterQueue).toBe('p.emails.dead-letter');
    expect(t.work[0]).toEqual({ type: 'ACCOUNT_NEW', queue: 'p.emails.ACCOUNT_NEW', retries: [{ delayMs: 1000, queue: 'p.emails.ACCOUNT_NEW.retry.1000ms' }] });
  });
});
