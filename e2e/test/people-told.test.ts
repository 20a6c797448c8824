import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eventually } from '@marketshare/test-env';
import { en } from '@marketshare/web/dictionaries';
import { launch, openContext } from './browser.js';
import { BASE_URL, MAILBOX_URL } from './env.js';
import { api, signUp } from './gateway-api.js';

// Issue 16 §2 through the gateway, the real web app, the emails service and the dev mailbox: the seller hears of a
// sale and its mail leads to the sale; the language chosen in the header is the one the next e-mail uses.

type Mail = { id: string; subject: string; to: { address: string }[] };
async function mailTo(address: string, subject: RegExp): Promise<Mail> {
  const find = async () => {
    const all = (await (await fetch(`${MAILBOX_URL}/email`)).json()) as Mail[];
    return all.find((m) => m.to.some((t) => t.address === address) && subject.test(m.subject));
  };
  const mail = await eventually(find, (m) => m !== undefined, 30_000, 250);
  expect(mail, `a mail to ${address} matching ${subject}`).toBeDefined();
  return mail!;
}

async function productOf(seller: { token: string }, name: string) {
  const product = await api('POST', '/api/products', {
    token: seller.token,
    json: {
      name, description: 'A lamp for the sale mail', category: 'oficinas', state: 'NUEVO', colors: [], price: 10_000, discount: 0,
      stock: 10, features: { text: 'Bright', rows: [] }, specialFeatures: [],
    },
  });
  expect(product.status).toBe(201);
  return product.body.id as number;
}

async function fundedConsumer(locale: 'en' | 'es') {
  const consumer = await signUp('told', 'consumer', locale);
  expect((await api('POST', '/api/users/me/funds', { token: consumer.token, json: { amount: 100_000 } })).status).toBe(200);
  return consumer;
}

/** A browser context signed in as `person`, through the same cookie the login form sets. */
async function signedIn(person: { token: string }, lang: 'en' | 'es') {
  const w = await openContext(browser, lang);
  await w.context.addCookies([{ name: 'ms_access', value: person.token, url: BASE_URL }]);
  return w;
}

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe('people are told', () => {
  it("the seller's new-sale mail names the product and its button opens the sale", async () => {
    const seller = await signUp('told', 'seller', 'en');
    const name = `Sale mail lamp ${seller.id}`;
    const productId = await productOf(seller, name);
    const consumer = await fundedConsumer('es');
    const order = await api('POST', '/api/orders', { token: consumer.token, json: { productId, quantity: 1 } });
    expect(order.body.status).toBe('RECIBIDO');

    const mail = await mailTo(seller.email, /^New sale/);
    expect(mail.subject).toContain(name);
    // The mail as maildev shows it, in a page of its own (the mailbox's page is not the site's to watch).
    const inbox = await browser.newPage();
    await inbox.goto(`${MAILBOX_URL}/email/${mail.id}/html`);
    const href = await inbox.getByRole('link', { name: 'View the sale' }).getAttribute('href');
    await inbox.close();
    expect(new URL(href!).pathname).toBe(`/orders/${order.body.id}`);
    const { page, problems, context } = await signedIn(seller, 'en');
    // PUBLIC_URL is the gateway's address, which the test reaches as BASE_URL
    await page.goto(new URL(new URL(href!).pathname, BASE_URL).toString());
    expect(new URL(page.url()).pathname).toBe(`/orders/${order.body.id}`);
    await page.getByText(name).first().waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the language chosen in the header is saved on the account and used by the next e-mail', async () => {
    const seller = await signUp('told', 'seller', 'es');
    const productId = await productOf(seller, `Header language lamp ${seller.id}`);
    const consumer = await fundedConsumer('es');
    const { page, problems, context } = await signedIn(consumer, 'es');
    await page.goto('/');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('link', { name: en.nav.products, exact: true }).first().waitFor();
    const me = await eventually(async () => (await api('GET', '/api/users/me', { token: consumer.token })).body, (b) => b.locale === 'en', 10_000, 200);
    expect(me.locale).toBe('en');

    const order = await api('POST', '/api/orders', { token: consumer.token, json: { productId, quantity: 1 } });
    expect(order.body.status).toBe('RECIBIDO');
    await mailTo(consumer.email, /^We have received your order/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
