import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Statement } from '@marketshare/contracts';
import { eventually } from '@marketshare/test-env';
import { en, es } from '@marketshare/web/dictionaries';
import { launch, openContext, shoot, type Watched } from './browser.js';
import { BASE_URL, MAILBOX_URL } from './env.js';
import { api, createProduct, signUp } from './gateway-api.js';

// Money reaching the seller and an account recovered, in the browser through the gateway: a delivered sale shows
// on the seller's statement and can be withdrawn; a forgotten password is replaced from the e-mail's link.

const PASSWORD = 'end-to-end test password'; // signUp's
const TIMEOUT = 120_000;
const exact = { exact: true } as const;
let browser: Browser;

async function journey(lang: 'en' | 'es', steps: (w: Watched) => Promise<void>) {
  const w = await openContext(browser, lang);
  try {
    await steps(w);
  } finally {
    await w.context.close();
  }
  expect(w.problems).toEqual([]);
}
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe.each([['en', en], ['es', es]] as const)('money and recovery (%s)', (lang, t) => {
  async function logIn(page: Page, email: string, password: string) {
    await page.goto('/login');
    await page.getByLabel(t.login.username, exact).fill(email.split('@')[0]!);
    await page.getByLabel(t.login.password, exact).fill(password);
    await page.getByRole('button', { name: t.login.submit }).click();
    await page.waitForURL((u) => u.pathname === '/');
  }

  test('a delivered sale is credited to the seller, shows on their statement and is withdrawn', { timeout: TIMEOUT }, () => journey(lang, async ({ page }) => {
    const seller = await signUp('ledger', 'seller', lang);
    const buyer = await signUp('ledger', 'consumer', lang);
    const productId = await createProduct(seller.token, {
      name: `Ledger lamp ${lang}`, description: 'A lamp whose sale reaches its seller', colors: ['blanco'], price: 12_500, stock: 10,
    });
    expect((await api('POST', '/api/users/me/funds', { token: buyer.token, json: { amount: 100_000 } })).status).toBe(200);
    const order = await api('POST', '/api/orders', { token: buyer.token, json: { productId, quantity: 2 } });
    expect(order.body.status).toBe('RECIBIDO');
    // delivered within about 8 s (MAX_TIME_TO_PROGRESS=4), then credited by the next pass of the worker
    await eventually(
      async () => ((await api('GET', '/api/users/me/statement?kind=SALE', { token: seller.token })).body as Statement).items,
      (items) => items.some((e) => e.orderId === order.body.id),
      30_000,
      500,
    );

    await logIn(page, seller.email, PASSWORD);
    await page.goto('/profile');
    const sections = page.getByRole('navigation', { name: t.profileSections.label });
    await sections.getByRole('link', { name: t.profileSections.statement }).click();
    await page.waitForURL((u) => u.pathname === '/profile/statement');
    const sale = page.locator('[data-testid="statement"] tr[data-kind="SALE"]');
    await expect(sale.getByRole('link', { name: `#${order.body.id}` }).isVisible()).resolves.toBe(true);
    const balance = (await page.getByTestId('wallet-balance').textContent()) ?? '';
    expect(balance.replace(/\D/g, '')).toBe(String(order.body.total)); // the default fee is 0: the whole total
    await shoot(page, `${lang}-statement-seller`);

    // a seller names the bank the proceeds go to, then withdraws part of them
    await sections.getByRole('link', { name: t.profileSections.wallet }).click();
    await page.getByRole('link', { name: t.wallet.needBank }).click();
    await page.waitForURL((u) => u.pathname === '/profile/settings');
    await page.getByLabel(t.profile.bank, exact).fill('Banco del Sur');
    await page.getByRole('button', { name: t.profile.save }).click();
    await page.getByRole('status').filter({ hasText: t.profile.saved }).waitFor();
    await page.goto('/profile/wallet');
    await page.getByLabel(t.wallet.withdrawAmount, exact).fill('100');
    await page.getByRole('button', { name: t.wallet.withdraw }).click();
    await page.getByRole('status').filter({ hasText: 'Banco del Sur' }).waitFor();
    await page.reload();
    await expect(page.locator('[data-testid="statement"] tr[data-kind="WITHDRAWAL"]').count()).resolves.toBe(1);
    await shoot(page, `${lang}-statement-withdrawn`);
  }));

  test('a forgotten password is replaced from the link in the e-mail', { timeout: TIMEOUT }, () => journey(lang, async ({ page }) => {
    const person = await signUp('reset', 'consumer', lang);
    await page.goto('/login');
    await page.getByRole('link', { name: t.login.forgot }).click();
    await page.waitForURL((u) => u.pathname === '/forgot-password');
    await page.getByLabel(t.reset.login, exact).fill(person.email);
    await page.getByRole('button', { name: t.reset.send }).click();
    const sent = page.getByRole('status').filter({ hasText: t.reset.sent });
    await sent.waitFor();
    const answer = await sent.textContent();
    await shoot(page, `${lang}-forgot-password`);
    // Nobody answers to this address: the page says exactly the same, so it tells nobody who has an account.
    await page.goto('/forgot-password');
    await page.getByLabel(t.reset.login, exact).fill(`nobody_${randomBytes(4).toString('hex')}@example.com`);
    await page.getByRole('button', { name: t.reset.send }).click();
    await expect(page.getByRole('status').filter({ hasText: t.reset.sent }).textContent()).resolves.toBe(answer);

    type Mail = { subject: string; to: { address: string }[]; text?: string };
    const mail = await eventually(
      async () => ((await (await fetch(`${MAILBOX_URL}/email`)).json()) as Mail[]).find(
        (m) => m.to.some((to) => to.address === person.email) && /password|contraseña/i.test(m.subject),
      ),
      (m) => m !== undefined,
      30_000,
      500,
    );
    const link = new RegExp(`${BASE_URL}/reset-password\\?token=[\\w-]+`).exec(mail!.text ?? '');
    expect(link).not.toBeNull();
    await page.goto(link![0]);
    await page.getByLabel(t.reset.newPassword, exact).fill('a fresh password 42');
    await page.getByLabel(t.reset.confirmPassword, exact).fill('a fresh password 42');
    await shoot(page, `${lang}-reset-password`);
    await page.getByRole('button', { name: t.reset.submit }).click();
    await page.getByRole('status').filter({ hasText: t.reset.done }).waitFor();

    // the link works once; the new password signs in
    await page.goto(link![0]);
    await page.getByLabel(t.reset.newPassword, exact).fill('another password 43');
    await page.getByLabel(t.reset.confirmPassword, exact).fill('another password 43');
    await page.getByRole('button', { name: t.reset.submit }).click();
    await page.getByRole('alert').filter({ hasText: t.reset.invalid }).waitFor();
    await logIn(page, person.email, 'a fresh password 42');

    // the old password no longer signs in
    await page.context().clearCookies({ name: 'ms_access' });
    await page.context().clearCookies({ name: 'ms_refresh' });
    await page.goto('/login');
    await page.getByLabel(t.login.username, exact).fill(person.email.split('@')[0]!);
    await page.getByLabel(t.login.password, exact).fill(PASSWORD);
    await page.getByRole('button', { name: t.login.submit }).click();
    await page.getByRole('alert').filter({ hasText: t.login.badCredentials }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  }));
});
