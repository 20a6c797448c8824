import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { OwnUser } from '@marketshare/contracts';
import { en, es } from '@marketshare/web/dictionaries';
import { fmt as fill } from '@marketshare/web/template';
import { journey as runJourney, launch, type Watched } from './browser.js';
import { api, signUp } from './gateway-api.js';

// Issue 14, the account forms a first-time user fills in (register, log in, add funds), through the gateway in
// Chromium: a refused form keeps what was typed, its errors are worded in the person's language and go as their
// fields are fixed, the error summary takes the focus, and a top-up empties its form.

const exact = { exact: true } as const;
const PASSWORD = 'a long enough password';
const TIMEOUT = 180_000;
const fresh = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

let browser: Browser;
const journey = (lang: 'en' | 'es', name: string, steps: (w: Watched) => Promise<void>, accessToken?: string) =>
  runJourney(browser, lang, name, steps, { accessToken });
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** Whether the focus is on the form's error summary (an element outside it, or the body, means the person is lost). */
const summaryFocused = (page: Page) => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false);

/** The account signed in with these credentials, as users sees it. */
async function accountOf(username: string, password: string) {
  const tok = await api('POST', '/oauth/token', { form: { grant_type: 'password', username, password } });
  expect(tok.status).toBe(200);
  const me: OwnUser = (await api('GET', '/api/users/me', { token: tok.body.access_token as string })).body;
  return me;
}

describe.each([['en', en], ['es', es]] as const)('account forms (%s)', (lang, t) => {
  test('a refused sign-up keeps the buyer a buyer, with every value but the password, which says it was cleared', { timeout: TIMEOUT }, async () => {
    const taken = await signUp('taken', 'seller', lang);
    await journey(lang, 'register-refused', async ({ page }) => {
      await page.goto('/register');
      await page.getByLabel(t.register.username, exact).fill(taken.username);
      await page.getByLabel(t.register.password, exact).fill(PASSWORD);
      await page.getByLabel(t.register.email, exact).fill('buyer@example.com');
      await page.getByLabel(t.register.consumer, exact).check();
      await page.getByLabel(t.register.organizationName, exact).fill('Compras Norte SA');
      await page.getByLabel(t.register.bank, exact).selectOption('BBVA');
      await page.getByRole('button', { name: t.register.submit }).click();

      await expect.poll(() => page.locator('#username-error').textContent()).toBe(t.register.taken);
      // what is shown is what was chosen, and what will be sent
      await expect(page.getByLabel(t.register.consumer, exact).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel(t.register.seller, exact).isChecked()).resolves.toBe(false);
      await expect(page.getByLabel(t.register.organizationName, exact).inputValue()).resolves.toBe('Compras Norte SA');
      await expect(page.getByLabel(t.register.bank, exact).inputValue()).resolves.toBe('BBVA');
      await expect(page.getByLabel(t.register.email, exact).inputValue()).resolves.toBe('buyer@example.com');
      await expect(page.getByLabel(t.register.password, exact).inputValue()).resolves.toBe('');
      await expect(page.locator('#password-hint').textContent()).resolves.toBe(t.validation.passwordCleared);
      await expect.poll(() => summaryFocused(page)).toBe(true);

      // fixing the username takes its error away at once; the rest is sent as it stands
      const username = fresh(`buyer_${lang}`);
      await page.getByLabel(t.register.username, exact).fill(username);
      await expect(page.locator('#username-error').count()).resolves.toBe(0);
      await page.getByLabel(t.register.password, exact).fill(PASSWORD);
      await page.getByRole('button', { name: t.register.submit }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await expect(accountOf(username, PASSWORD)).resolves.toMatchObject({ role: 'consumer', organization: { name: 'Compras Norte SA' } });
    });
  });

  test('a failed log-in puts the focus on its error, and an empty sign-up links each missing field', { timeout: TIMEOUT }, async () => {
    const person = await signUp('focus', 'consumer', lang);
    await journey(lang, 'login-focus', async ({ page }) => {
      await page.goto('/login');
      await page.getByLabel(t.login.username, exact).fill(person.username);
      await page.getByLabel(t.login.password, exact).fill('not the password');
      await page.getByRole('button', { name: t.login.submit }).click();
      const summary = page.locator('.error-summary');
      await expect.poll(() => summary.textContent()).toContain(t.login.badCredentials);
      await expect.poll(() => summaryFocused(page)).toBe(true);

      await page.goto('/register');
      await page.getByRole('button', { name: t.register.submit }).click();
      await expect.poll(() => summaryFocused(page)).toBe(true);
      const emailLink = summary.getByRole('link', { name: `${t.register.email}: ${t.login.required}` });
      await expect(summary.getByRole('link', { name: `${t.register.username}: ${t.login.required}` }).count()).resolves.toBe(1);
      await emailLink.click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('email');
      // the error beside a field, and its link, go as soon as that field is fixed; the others stay
      await page.getByLabel(t.register.email, exact).fill('someone@example.com');
      await expect(page.locator('#email-error').count()).resolves.toBe(0);
      await expect(emailLink.count()).resolves.toBe(0);
      await expect(page.locator('#username-error').textContent()).resolves.toBe(t.login.required);
    });
  });

  test('adding funds empties the form: the final balance is not counted twice', { timeout: TIMEOUT }, async () => {
    const buyer = await signUp('funds', 'consumer', lang);
    await journey(lang, 'funds-reset', async ({ page }) => {
      await page.goto('/profile/wallet#funds');
      const funds = page.locator('#funds');
      await page.getByLabel(t.profile.amount, exact).fill('100');
      await page.getByRole('button', { name: t.profile.fundsAdd }).click();
      await funds.getByText(fill(t.profile.fundsAdded, { amount: '' }).trim()).waitFor();
      await expect(page.getByLabel(t.profile.amount, exact).inputValue()).resolves.toBe('');
      const shown = async (label: string) => (await funds.getByText(`${label}:`).locator('strong').textContent())?.trim();
      await expect.poll(() => shown(t.profile.balance)).toMatch(/100/);
      await expect(shown(t.profile.final)).resolves.toBe(await shown(t.profile.balance));
      // a second click adds nothing
      await page.getByRole('button', { name: t.profile.fundsAdd }).click();
      await expect.poll(() => page.locator('#amount-error').textContent()).toBe(t.profile.noFunds);
      expect((await api('GET', '/api/users/me', { token: buyer.token })).body.balance.amount).toBe(10_000);
    }, buyer.token);
  });
});

test('a jump target shows below the sticky header, on a desktop and on a phone', { timeout: TIMEOUT }, async () => {
  const buyer = await signUp('jump', 'consumer', 'es');
  await journey('es', 'jump-target', async ({ page }) => {
    for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.goto('/profile/wallet#funds');
      const heading = page.getByRole('heading', { name: es.profile.funds, level: 2 });
      // how far the heading's top is below the header's bottom (negative: the header covers it)
      const below = async () => {
        const [h, header] = await Promise.all([heading.boundingBox(), page.locator('.site-header').boundingBox()]);
        return h && header ? Math.round(h.y - (header.y + header.height)) : -1;
      };
      await expect.poll(below).toBeGreaterThanOrEqual(0);
      await expect(below()).resolves.toBeLessThan(viewport.height / 3); // and it is the part shown
    }
  }, buyer.token);
});

test('a new account makes its own organization: no list to claim another, a taken name is a new one', { timeout: TIMEOUT }, async () => {
  const organization = `Acme Argentina ${randomBytes(3).toString('hex')}`;
  const first = await signUp('owner', 'seller', 'en', organization);
  const username = fresh('newcomer');
  await journey('en', 'own-organization', async ({ page }) => {
    await page.goto('/register');
    await expect(page.locator('select[name="organization"]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: en.register.newOrganization }).count()).resolves.toBe(0);
    await page.getByLabel(en.register.username, exact).fill(username);
    await page.getByLabel(en.register.password, exact).fill(PASSWORD);
    await page.getByLabel(en.register.email, exact).fill(`${username}@example.com`);
    await page.getByLabel(en.register.seller, exact).check();
    await page.getByLabel(en.register.organizationName, exact).fill(organization);
    await page.getByRole('button', { name: en.register.submit }).click();
    await page.waitForURL((u) => u.pathname === '/');
  });
  const mine = await accountOf(username, PASSWORD);
  const theirs = await accountOf(first.username, first.password);
  expect(mine.organization.name).toBe(organization);
  expect(mine.organization.id).not.toBe(theirs.organization.id);
});

test('a Spanish person reads the services’ refusals in Spanish, with amounts as money', { timeout: TIMEOUT }, async () => {
  const buyer = await signUp('limits', 'consumer', 'es');
  await journey('es', 'coded-errors', async ({ page }) => {
    await page.goto('/register');
    const username = fresh('correo');
    await page.getByLabel(es.register.username, exact).fill(username);
    await page.getByLabel(es.register.password, exact).fill(PASSWORD);
    await page.getByLabel(es.register.email, exact).fill('ana@@ejemplo');
    await page.getByLabel(es.register.organizationName, exact).fill('Correo SA');
    await page.getByRole('button', { name: es.register.submit }).click();
    await expect.poll(() => page.locator('#email-error').textContent()).toBe(es.validation.email);
    await expect(page.locator('.error-summary').textContent()).resolves.not.toMatch(/must|format/);
  });
  await journey('es', 'coded-amount', async ({ page }) => {
    await page.goto('/profile/wallet#funds');
    await page.getByLabel(es.profile.amount, exact).fill('200000000');
    await page.getByRole('button', { name: es.profile.fundsAdd }).click();
    const limit = new Intl.NumberFormat('es-AR', { style: 'currency', currency: 'ARS', minimumFractionDigits: 2 }).format(100_000_000);
    await expect.poll(() => page.locator('#amount-error').textContent()).toBe(fill(es.validation.maximum, { limit }));
    await expect(page.locator('.error-summary').textContent()).resolves.not.toMatch(/must|10000000000/);
    await expect.poll(() => summaryFocused(page)).toBe(true);
  }, buyer.token);
});
