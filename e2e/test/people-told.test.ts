import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eventually } from '@marketshare/test-env';
import type { Order, Statement } from '@marketshare/contracts';
import { en } from '@marketshare/web/dictionaries';
import { launch, openContext } from './browser.js';
import { BASE_URL, MAILBOX_URL } from './env.js';
import { api, createProduct, signUp } from './gateway-api.js';

// Issue 16 §2 through the gateway, the real web app, the emails service and the dev mailbox: the seller hears of a
// sale, a cancelled sale, a delivered sale with what was credited and a review, each mail leading to the sale or the
// product; a buyer whose purchase is refused hears why and what to do; every mail is in the language saved on the
// recipient's account, and the language chosen in the header is the one the next e-mail uses.

type Mail = { id: string; subject: string; text: string; to: { address: string }[] };
async function mailTo(address: string, subject: RegExp): Promise<Mail> {
  const find = async () => {
    const all = (await (await fetch(`${MAILBOX_URL}/email`)).json()) as Mail[];
    return all.find((m) => m.to.some((t) => t.address === address) && subject.test(m.subject));
  };
  const mail = await eventually(find, (m) => m !== undefined, 30_000, 250);
  expect(mail, `a mail to ${address} matching ${subject}`).toBeDefined();
  return mail!;
}

/** Every mail to `address` whose subject matches, now. */
async function mailsTo(address: string, subject: RegExp): Promise<Mail[]> {
  const all = (await (await fetch(`${MAILBOX_URL}/email`)).json()) as Mail[];
  return all.filter((m) => m.to.some((t) => t.address === address) && subject.test(m.subject));
}

/** Where the link named `name` in the mail leads (a path on the site), read from the mail as maildev shows it. */
async function linkIn(mail: Mail, name: string): Promise<string> {
  // in a page of its own: the mailbox's page is not the site's to watch
  const inbox = await browser.newPage();
  await inbox.goto(`${MAILBOX_URL}/email/${mail.id}/html`);
  const href = await inbox.getByRole('link', { name, exact: true }).first().getAttribute('href');
  await inbox.close();
  const url = new URL(href!);
  return `${url.pathname}${url.hash}`;
}

async function productOf(seller: { token: string }, name: string, stock = 10) {
  return createProduct(seller.token, { name, description: 'A lamp for the sale mail', colors: [], stock });
}

async function fundedConsumer(locale: 'en' | 'es', amount = 100_000) {
  const consumer = await signUp('told', 'consumer', locale);
  expect((await api('POST', '/api/users/me/funds', { token: consumer.token, json: { amount } })).status).toBe(200);
  return consumer;
}

/** A seller in `sellerLocale` whose product a consumer in `buyerLocale` has just bought (accepted). */
async function saleBetween(sellerLocale: 'en' | 'es', buyerLocale: 'en' | 'es') {
  const seller = await signUp('told', 'seller', sellerLocale);
  const name = `Told lamp ${seller.id}`;
  const productId = await productOf(seller, name);
  const consumer = await fundedConsumer(buyerLocale);
  const order = await api('POST', '/api/orders', { token: consumer.token, json: { productId, quantity: 1 } });
  expect(order.body.status).toBe('RECIBIDO');
  return { seller, consumer, name, productId, order: order.body as Order };
}

/** The order once delivered (MAX_TIME_TO_PROGRESS=4 in the system under test: within about 8 s). */
const deliveredOrder = (consumer: { token: string }, id: number) =>
  eventually(async () => (await api('GET', `/api/orders/${id}`, { token: consumer.token })).body, (o) => o.status === 'ENTREGADO', 30_000, 250);

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
  it('a seller hears of a cancelled sale in their language, and its button opens the sale', async () => {
    const { seller, consumer, name, order } = await saleBetween('es', 'en');
    expect((await api('POST', `/api/orders/${order.id}/cancel`, { token: consumer.token })).status).toBe(200);
    const mail = await mailTo(seller.email, /^Venta cancelada: /);
    expect(mail.subject).toContain(name);
    expect(mail.text).toContain('Las unidades volvieron a tu stock');
    expect(await linkIn(mail, 'Ver la venta')).toBe(`/orders/${order.id}`);
    // the buyer's own mail is in the buyer's language; one cancellation, one mail to the seller
    await mailTo(consumer.email, /^Your order has been cancelled/);
    expect(await mailsTo(seller.email, /^Venta cancelada: /)).toHaveLength(1);
  });

  it('a seller hears of a delivered sale with the amount the ledger credited', async () => {
    const { seller, consumer, name, order } = await saleBetween('en', 'es');
    await deliveredOrder(consumer, order.id);
    const mail = await mailTo(seller.email, /^Sale delivered: /);
    const credited = await eventually(
      async () => ((await api('GET', '/api/users/me/statement?kind=SALE', { token: seller.token })).body as Statement).items
        .find((e) => e.orderId === order.id),
      (e) => e !== undefined,
    );
    const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'ARS' }).format(credited!.amount / 100);
    expect(mail.subject).toBe(`Sale delivered: ${money} credited 💰`);
    expect(mail.text).toMatch(new RegExp(`Credited to your balance:\\s+${money.replace(/[.$]/g, '\\$&')}`));
    expect(mail.text).toContain(name);
    expect(await linkIn(mail, 'View the sale')).toBe(`/orders/${order.id}`);
    expect(await linkIn(mail, 'See my statement')).toBe('/profile/statement');
  });

  it("a seller hears of a review of their product: its stars and words, and a link to the product's reviews", async () => {
    const { seller, consumer, name, productId, order } = await saleBetween('es', 'en');
    await deliveredOrder(consumer, order.id);
    const title = `Muy buena ${order.id}`;
    const review = await api('POST', '/api/reviews', {
      token: consumer.token,
      json: { orderId: order.id, rating: 4.5, title, summary: 'Ilumina bien el escritorio' },
    });
    expect(review.status).toBe(201);
    const mail = await mailTo(seller.email, /^Nueva reseña de /);
    expect(mail.subject).toBe(`Nueva reseña de ${name}: 4,5 de 5 ⭐`);
    expect(mail.text).toContain(`★★★★½ (4,5 de 5)\n${title}\nIlumina bien el escritorio`);
    const link = await linkIn(mail, 'Ver la reseña en el producto');
    expect(link).toBe(`/products/${productId}#opinions`);
    // the link shows the review to anyone (a guest's page is shared for a second: look again until it is there)
    const page = await browser.newPage();
    await eventually(async () => {
      await page.goto(new URL(link, BASE_URL).toString());
      return page.getByText(title).count();
    }, (n) => n > 0, 10_000, 500);
    await page.close();
  });

  it('a buyer whose purchase is refused hears why and what to do, in their language', async () => {
    const seller = await signUp('told', 'seller', 'en');
    const productId = await productOf(seller, `Refused lamp ${seller.id}`, 3);
    // not enough balance (Spanish): add funds
    const poor = await fundedConsumer('es', 1_000);
    const noMoney = await api('POST', '/api/orders', { token: poor.token, json: { productId, quantity: 1 } });
    expect(noMoney.body.status).toBe('RECHAZADO');
    const moneyMail = await mailTo(poor.email, /^Pedido rechazado: saldo insuficiente/);
    expect(moneyMail.text).toContain('No se te cobró nada');
    expect(await linkIn(moneyMail, 'Añadir fondos')).toBe('/profile/wallet#funds');
    expect(await linkIn(moneyMail, 'Ver mi pedido')).toBe(`/orders/${noMoney.body.id}`);
    // not enough stock (English): the units left
    const rich = await fundedConsumer('en');
    const noStock = await api('POST', '/api/orders', { token: rich.token, json: { productId, quantity: 5 } });
    expect(noStock.body.status).toBe('SIN_STOCK');
    const stockMail = await mailTo(rich.email, /^Order rejected: not enough stock/);
    expect(stockMail.text).toContain('3 units are left: you can buy that many or fewer.');
    expect(await linkIn(stockMail, 'See the product')).toBe(`/products/${productId}`);
    // neither was told its order was received, nor the seller of a sale
    expect(await mailsTo(poor.email, /received your order|Recibimos tu pedido/)).toEqual([]);
    expect(await mailsTo(seller.email, /sale/i)).toEqual([]);
  });

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

  it('a seller who switches the header to English gets the next mail about an earlier sale in English', async () => {
    const { seller, consumer, name, order } = await saleBetween('es', 'es');
    await mailTo(seller.email, /^Nueva venta: /);
    const { page, problems, context } = await signedIn(seller, 'es');
    await page.goto('/');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('link', { name: en.nav.products, exact: true }).first().waitFor();
    await eventually(async () => (await api('GET', '/api/users/me', { token: seller.token })).body.locale, (l) => l === 'en', 10_000, 200);
    expect(problems).toEqual([]);
    await context.close();

    // the order recorded the seller's Spanish; the review mail written after the switch follows the account
    await deliveredOrder(consumer, order.id);
    await new Promise((r) => setTimeout(r, 1_100)); // orders reads contacts through a one-second cache (docs/design.md §6)
    const review = await api('POST', '/api/reviews', { token: consumer.token, json: { orderId: order.id, rating: 3, title: 'Correcta', summary: 'Cumple' } });
    expect(review.status).toBe(201);
    const mail = await mailTo(seller.email, /^New review of /);
    expect(mail.subject).toBe(`New review of ${name}: 3 out of 5 ⭐`);
    expect(await mailsTo(seller.email, /^Nueva reseña/)).toEqual([]);
  });
});
