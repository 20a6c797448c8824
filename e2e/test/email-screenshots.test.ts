/// <reference lib="dom" />
// (the DOM types are for the page.evaluate callbacks, which run in the browser)
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { MESSAGE_TYPES, type MessageType } from '@marketshare/contracts';
import { eventually } from '@marketshare/test-env';
import { launch } from './browser.js';
import { MAILBOX_URL } from './env.js';
import { api, signUp } from './gateway-api.js';

// Every e-mail the system sends, in English and Spanish, as it arrived in the dev mailbox: caused through the
// gateway the way people cause them (register, change a profile, buy, sell, get a delivery, cancel, withdraw,
// forget a password), then opened in Debian's Chromium and saved under artifacts/screenshots/emails/<type>.<locale>.png
// for a person to look at.

const OUT = new URL('../../artifacts/screenshots/emails/', import.meta.url).pathname;
/** Which mail is which: its subject, in either language. */
const SUBJECTS: Record<MessageType, RegExp> = {
  ACCOUNT_NEW: /welcome|bienvenido/i,
  ACCOUNT_CHANGED: /have changed|han cambiado/i,
  ORDER_CREATED: /received your order|recibimos tu pedido/i,
  ORDER_DELIVERED: /has arrived|llegó/i,
  ORDER_CANCELLED: /cancelled|cancelado/i,
  SALE_NEW: /new sale|nueva venta/i,
  WITHDRAWAL_MADE: /withdrew|retiraste/i,
  PASSWORD_RESET: /reset your password|restablece/i,
};

type Mail = { id: string; subject: string; to: { address: string }[] };

/** A seller in `locale` with one product to buy. */
async function sellerWithProduct(locale: 'en' | 'es') {
  const seller = await signUp('shot', 'seller', locale);
  const product = await api('POST', '/api/products', {
    token: seller.token,
    json: {
      name: 'Lámpara de escritorio',
      description: 'Una lámpara para las capturas de los correos',
      category: 'oficinas',
      state: 'NUEVO',
      colors: ['blanco'],
      price: 12_500,
      discount: 10,
      stock: 20,
      features: { text: 'Luz cálida', rows: [] },
      specialFeatures: ['envio_gratis'],
    },
  });
  expect(product.status).toBe(201);
  return { ...seller, productId: product.body.id as number };
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
          return {
            logoWidth: img?.naturalWidth ?? 0,
            logoShown: img?.getBoundingClientRect().width ?? 0,
            cardBg: getComputedStyle(card).backgroundColor,
            headingColour: getComputedStyle(h1).color,
            cardWidth: card.getBoundingClientRect().width,
          };
        });
        expect(look.logoWidth, `${type} ${locale}: the logo decoded`).toBe(384);
        expect(look.logoShown).toBe(192);
        expect(look.cardBg).toBe('rgb(17, 24, 39)'); // #111827
        expect(look.headingColour).toBe('rgb(240, 255, 255)'); // #F0FFFF
        expect(look.cardWidth).toBeLessThanOrEqual(600);
        await page.screenshot({ path: `${OUT}${type.toLowerCase()}.${locale}.png`, fullPage: true });
      }
    }
    await page.close();
  });
});
