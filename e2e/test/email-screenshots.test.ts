/// <reference lib="dom" />
// (the DOM types are for the page.evaluate callbacks, which run in the browser)
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { MESSAGE_TYPES, type MessageType } from '@marketshare/contracts';
import { eventually } from '@marketshare/test-env';
import { launch } from './browser.js';
import { MAILBOX_URL } from './env.js';
import { api, createProduct, signUp } from './gateway-api.js';

// Every e-mail the system sends, in English and Spanish, as it arrived in the dev mailbox: caused through the
// gateway the way people cause them (register, change a profile, buy, sell, get a delivery and the seller's credit,
// cancel, be refused for want of balance, review, withdraw, forget a password), then opened in Debian's Chromium,
// checked to look like the site (its header's dark band and logo, a white card, the brand-blue button) and saved
// under artifacts/screenshots/emails/<type>.<locale>.png for a person to look at.

const OUT = new URL('../../artifacts/screenshots/emails/', import.meta.url).pathname;
/** Which mail is which: its subject, in either language. */
const SUBJECTS: Record<MessageType, RegExp> = {
  ACCOUNT_NEW: /welcome|bienvenido/i,
  ACCOUNT_CHANGED: /have changed|han cambiado/i,
  ORDER_CREATED: /received your order|recibimos tu pedido/i,
  ORDER_REJECTED: /order rejected|pedido rechazado/i,
  ORDER_DELIVERED: /has arrived|llegó/i,
  ORDER_CANCELLED: /order has been cancelled|pedido ha sido cancelado/i,
  SALE_NEW: /new sale|nueva venta/i,
  SALE_CANCELLED: /sale cancelled|venta cancelada/i,
  SALE_DELIVERED: /sale delivered|venta entregada/i,
  REVIEW_NEW: /new review|nueva reseña/i,
  WITHDRAWAL_MADE: /withdrew|retiraste/i,
  PASSWORD_RESET: /reset your password|restablece/i,
};

type Mail = { id: string; subject: string; to: { address: string }[] };

/** A seller in `locale` with one product to buy. */
async function sellerWithProduct(locale: 'en' | 'es') {
  const seller = await signUp('shot', 'seller', locale);
  const productId = await createProduct(seller.token, {
    name: 'Lámpara de escritorio', description: 'Una lámpara para las capturas de los correos', colors: ['blanco'], price: 12_500, discount: 10,
    stock: 20, features: { text: 'Luz cálida', rows: [] }, specialFeatures: ['envio_gratis'],
  });
  return { ...seller, productId };
}

/**
 * Causes one mail of every type to a consumer and a seller in `locale` (the seller's are about their sales);
 * answers once all of them are in the mailbox.
 */
async function everyMailTo(locale: 'en' | 'es'): Promise<Record<MessageType, Mail>> {
  const { productId, email: sellerEmail } = await sellerWithProduct(locale);
  const consumer = await signUp('shot', 'consumer', locale);
  expect((await api('PATCH', '/api/users/me', { token: consumer.token, json: { country: 'CL' } })).status).toBe(200);
  expect((await api('POST', '/api/users/me/funds', { token: consumer.token, json: { amount: 100_000 } })).status).toBe(200);
  const delivered = await api('POST', '/api/orders', { token: consumer.token, json: { productId, quantity: 1 } });
  expect(delivered.body.status).toBe('RECIBIDO');
  const cancelled = await api('POST', '/api/orders', { token: consumer.token, json: { productId, quantity: 1 } });
  expect((await api('POST', `/api/orders/${cancelled.body.id}/cancel`, { token: consumer.token })).status).toBe(200);
  expect((await api('POST', '/api/users/me/withdrawals', { token: consumer.token, json: { amount: 1_000 } })).status).toBe(200);
  expect((await api('POST', '/api/users/password-resets', { json: { login: consumer.email } })).status).toBe(202);
  // 9 units cost 101,250 of the 87,750 left: refused for want of balance
  expect((await api('POST', '/api/orders', { token: consumer.token, json: { productId, quantity: 9 } })).body.status).toBe('RECHAZADO');
  // the delivered order is reviewed, which tells the seller
  await eventually(
    async () => (await api('GET', `/api/orders/${delivered.body.id}`, { token: consumer.token })).body.status,
    (status) => status === 'ENTREGADO',
    30_000,
    250,
  );
  const review = { orderId: delivered.body.id, rating: 4.5, title: 'Muy buena luz', summary: 'Llegó rápido y bien embalada.' };
  expect((await api('POST', '/api/reviews', { token: consumer.token, json: review })).status).toBe(201);

  // the system under test runs with MAX_TIME_TO_PROGRESS=4: delivery within about 8 s, its mail right after
  const byType = async () => {
    const all = (await (await fetch(`${MAILBOX_URL}/email`)).json()) as Mail[];
    const mine = all.filter((m) => m.to.some((t) => t.address === consumer.email || t.address === sellerEmail));
    return Object.fromEntries(MESSAGE_TYPES.map((type) => [type, mine.find((m) => SUBJECTS[type].test(m.subject))]));
  };
  const found = await eventually(byType, (mails) => MESSAGE_TYPES.every((type) => mails[type]), 45_000, 500);
  expect(MESSAGE_TYPES.filter((type) => !found[type])).toEqual([]);
  return found as Record<MessageType, Mail>;
}

let browser: Browser;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('e-mails as they arrive, in a browser', () => {
  it('shows each type in English and Spanish with its logo, card and colours', async () => {
    const mails = await Promise.all((['en', 'es'] as const).map(async (locale) => [locale, await everyMailTo(locale)] as const));

    const page = await browser.newPage({ viewport: { width: 680, height: 900 } });
    // Only the mailbox may be reached: the logo comes from the mail's own attachment, nothing from elsewhere.
    await page.route('**/*', (route) => (route.request().url().startsWith(MAILBOX_URL) ? route.continue() : route.abort()));
    for (const [locale, byType] of mails) {
      for (const type of MESSAGE_TYPES) {
        const mail = byType[type];
        // maildev serves the HTML with the cid: image pointing at the mail's own attachment
        expect((await page.goto(`${MAILBOX_URL}/email/${mail.id}/html`, { waitUntil: 'load' }))?.status()).toBe(200);
        expect(await page.title()).toBe(mail.subject);
        const look = await page.evaluate(() => {
          const img = document.querySelector('img');
          const card = document.querySelectorAll('table')[1] as HTMLElement;
          const h1 = document.querySelector('h1') as HTMLElement;
          const button = document.querySelector('a[style*="padding:12px"]')?.parentElement;
          return {
            logoWidth: img?.naturalWidth ?? 0,
            logoShown: img?.getBoundingClientRect().width ?? 0,
            headerBg: img?.parentElement ? getComputedStyle(img.parentElement).backgroundColor : '',
            cardBg: getComputedStyle(card).backgroundColor,
            pageBg: getComputedStyle(document.body).backgroundColor,
            headingColour: getComputedStyle(h1).color,
            buttonBg: button ? getComputedStyle(button).backgroundColor : 'no button',
            cardWidth: card.getBoundingClientRect().width,
          };
        });
        // the site's colours (web/src/app/globals.css): the header's band and logo, its page, card, text and button
        expect(look.logoWidth, `${type} ${locale}: the logo decoded`).toBe(384);
        expect(look.logoShown).toBe(192);
        expect(look.headerBg, `${type} ${locale}: the header band`).toBe('rgb(17, 24, 39)'); // .site-header #111827
        expect(look.cardBg).toBe('rgb(255, 255, 255)'); // --surface
        expect(look.pageBg).toBe('rgb(245, 246, 248)'); // --bg #f5f6f8
        expect(look.headingColour).toBe('rgb(27, 31, 36)'); // --text #1b1f24
        expect(look.buttonBg, `${type} ${locale}: the main button`).toBe('rgb(11, 92, 173)'); // --brand #0b5cad
        expect(look.cardWidth).toBeLessThanOrEqual(600);
        await page.screenshot({ path: `${OUT}${type.toLowerCase()}.${locale}.png`, fullPage: true });
      }
    }
    await page.close();
  });
});
