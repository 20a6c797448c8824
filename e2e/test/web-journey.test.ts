import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { COLORS, REPUTATION_LABELS, SPECIAL_FEATURES } from '@marketshare/contracts';
import { en, es } from '@marketshare/web/dictionaries';
import { fmt as fill } from '@marketshare/web/template';
import { journey as runJourney, launch, png, shoot, type Watched } from './browser.js';

// The marketplace as people use it, through the gateway, with fields found by their labels: a seller publishes
// and edits a product, a guest finds it, a consumer funds, buys, follows, reviews and cancels, and the role
// rules turn people away. The same journey runs in English and in Spanish.

const exact = { exact: true } as const;
const PASSWORD = 'a long enough password';
const TIMEOUT = 240_000;

let browser: Browser;

/** Runs one journey in a fresh context: a screenshot if it fails, and no console error or 5xx allowed. */
const journey = (lang: 'en' | 'es', name: string, steps: (w: Watched) => Promise<void>, ignore?: (problem: string) => boolean) =>
  runJourney(browser, lang, name, steps, { ignore });
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe.each([['en', en], ['es', es]] as const)('web journey (%s)', (lang, t) => {
  const tag = randomBytes(3).toString('hex');
  const productName = `Taladro ${lang}${tag}`;
  let productUrl = '';
  const colorLabel = (slug: string) => COLORS.find((c) => c.slug === slug)![lang];

  async function register(page: Page, role: 'seller' | 'consumer', username: string) {
    await page.goto('/register');
    await page.getByRole('heading', { name: t.register.title, level: 1 }).waitFor();
    await page.getByLabel(t.register.username, exact).fill(username);
    await page.getByLabel(t.register.password, exact).fill(PASSWORD);
    await page.getByLabel(t.register.email, exact).fill(`${username}@example.com`);
    await page.getByLabel(t.register.country, exact).selectOption('AR');
    await page.getByLabel(role === 'seller' ? t.register.seller : t.register.consumer, exact).check();
    await page.getByLabel(t.register.organizationName, exact).fill(`Org ${username}`);
    if (role === 'consumer') {
      await page.getByRole('button', { name: t.register.newBank }).click();
      await page.getByLabel(t.register.bankName, exact).fill('Banco E2E');
    }
    if (role === 'seller') await shoot(page, `${lang}-register`);
    await page.getByRole('button', { name: t.register.submit }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect(page.locator('.user-menu summary').textContent()).resolves.toContain(username);
  }

  async function logout(page: Page) {
    await page.locator('.user-menu summary').click();
    await page.getByRole('button', { name: t.nav.logout }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByText(t.notice.signedOut).waitFor();
  }

  async function balance(page: Page) {
    await page.goto('/profile');
    return (await page.locator('.user-menu .balance').textContent())?.trim() ?? '';
  }

  async function buy(page: Page, quantity: number): Promise<number> {
    await page.goto(productUrl);
    await page.getByLabel(t.product.quantity, exact).fill(String(quantity));
    await page.getByLabel(colorLabel('azul'), exact).check();
    await page.getByRole('button', { name: t.product.buy }).click();
    const dialog = page.getByRole('dialog', { name: t.product.confirmTitle });
    await dialog.waitFor();
    await expect(dialog.getByText(t.product.estimate).isVisible()).resolves.toBe(true);
    await dialog.getByRole('button', { name: t.product.confirm }).click();
    const status = page.getByRole('status').filter({ hasText: fill(t.product.orderTotal, { total: '' }).trim() });
    await status.waitFor();
    const text = (await status.textContent()) ?? '';
    return Number(/#(\d+)/.exec(text)![1]);
  }

  test('a seller registers, publishes a product with two images and edits it', { timeout: TIMEOUT }, () => journey(lang, 'seller', async ({ page }) => {
    await page.goto('/');
    await shoot(page, `${lang}-catalog-guest`);
    await page.goto('/login');
    await shoot(page, `${lang}-login`);
    await register(page, 'seller', `seller_${lang}${tag}`);

    await page.getByRole('link', { name: t.nav.newProduct }).first().click();
    await page.waitForURL('**/products/new');
    await page.getByLabel(t.form.name, exact).fill(productName);
    await page.getByLabel(t.form.description, exact).fill('Taladro percutor inalámbrico para obra');
    await page.getByLabel(t.form.category, exact).selectOption('herramientas');
    await page.getByLabel(lang === 'es' ? 'Nuevo' : 'New', exact).check();
    await page.getByLabel(t.form.images, exact).setInputFiles([
      { name: 'front.png', mimeType: 'image/png', buffer: png([200, 40, 40]) },
      { name: 'side.png', mimeType: 'image/png', buffer: png([40, 90, 200]) },
    ]);
    await expect(page.locator('.image-grid img').count()).resolves.toBe(2);
    await page.getByLabel(colorLabel('azul'), exact).check();
    await page.getByLabel(t.form.price, exact).fill('15000.50');
    await page.getByLabel(t.form.discount, exact).fill('10');
    await page.getByLabel(t.form.stock, exact).fill('50');
    await page.getByLabel(t.form.featuresText, exact).fill('Batería de litio, dos velocidades');
    await page.getByRole('button', { name: t.form.addRow }).click();
    await page.getByLabel(`${t.form.feature} 1`, exact).fill('Peso');
    await page.getByLabel(`${t.form.value} 1`, exact).fill('2 kg');
    await page.getByLabel(SPECIAL_FEATURES.find((s) => s.slug === 'envio_gratis')![lang], exact).check();
    await page.getByRole('button', { name: `${t.form.moveRight.replace('{n}', '1')}` }).click();
    await shoot(page, `${lang}-product-new`);
    await page.getByRole('button', { name: t.form.create }).click();
    await page.waitForURL(/\/products\/\d+(\?|$)/);
    productUrl = new URL(page.url()).pathname;
    await page.getByText(t.notice.created).waitFor();
    await expect(page.getByRole('heading', { name: productName, level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.thumbs img').count()).resolves.toBe(2);

    await page.getByRole('link', { name: t.product.modify }).click();
    await page.waitForURL(`**${productUrl}/edit`);
    await expect(page.getByLabel(t.form.name, exact).inputValue()).resolves.toBe(productName);
    await page.getByLabel(t.form.name, exact).fill(`${productName} Pro`);
    await page.getByLabel(t.form.stock, exact).fill('40');
    await shoot(page, `${lang}-product-edit`);
    await page.getByRole('button', { name: t.form.save }).click();
    await page.getByText(t.notice.updated).waitFor();
    await expect(page.getByRole('heading', { name: `${productName} Pro`, level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.getByText(fill(t.product.stock, { n: 40 })).isVisible()).resolves.toBe(true);
    await shoot(page, `${lang}-product-owner`);
    await page.goto('/profile');
    await page.getByRole('link', { name: `${productName} Pro` }).waitFor();
    await shoot(page, `${lang}-profile-seller`);
    await logout(page);
    await page.goto('/orders');
    await page.waitForURL((u) => u.pathname === '/login');
  }));

  test('a guest switches language, finds the product by search and opens it', { timeout: TIMEOUT }, () => journey(lang, 'guest', async ({ page }) => {
    await page.goto('/');
    // The switch is remembered: the other language survives a reload, and switching back restores this one.
    const other = lang === 'es' ? en : es;
    await page.getByRole('button', { name: lang === 'es' ? 'EN' : 'ES', exact: true }).click();
    await page.getByRole('heading', { name: other.catalog.title, level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: other.catalog.title, level: 1 }).waitFor();
    await page.getByRole('button', { name: lang === 'es' ? 'ES' : 'EN', exact: true }).click();
    await page.getByRole('heading', { name: t.catalog.title, level: 1 }).waitFor();
    await page.getByLabel(t.catalog.search, exact).fill(`${lang}${tag}`);
    await page.getByLabel(t.catalog.search, exact).press('Enter');
    // the results' page, not the first page that may list the same product while the search is on its way
    await page.waitForURL((u) => u.searchParams.get('q') === `${lang}${tag}`);
    await page.getByRole('link', { name: `${productName} Pro` }).click();
    await page.waitForURL(`**${productUrl}`);
    await page.getByRole('button', { name: fill(t.product.enlarge, { n: 1 }) }).click();
    const lightbox = page.getByRole('dialog', { name: `${productName} Pro` });
    await lightbox.waitFor();
    await lightbox.getByRole('button', { name: t.product.close }).click();
    await expect(page.getByRole('link', { name: t.product.loginToBuy }).isVisible()).resolves.toBe(true);
    await shoot(page, `${lang}-product-guest`);
    await page.goto('/directory?role=seller');
    await shoot(page, `${lang}-directory`);
    await page.goto('/no-such-page');
    await page.getByRole('heading', { name: t.errors.notFound }).waitFor();
    await shoot(page, `${lang}-not-found`);
  }, (problem) => problem.includes('/no-such-page'))); // the 404 itself is logged by the browser

  test('a consumer funds, buys, follows the order to delivery, reviews it and cancels another', { timeout: TIMEOUT }, () => journey(lang, 'consumer', async ({ page }) => {
    await register(page, 'consumer', `buyer_${lang}${tag}`);

    // Consumers are turned away from the seller's pages.
    await page.goto('/products/new');
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByText(t.notice.sellersOnly).waitFor();

    await page.goto('/profile/wallet#funds');
    await page.getByLabel(t.profile.amount, exact).fill('100000');
    await page.getByRole('button', { name: t.profile.fundsAdd }).click();
    await page.getByText(fill(t.profile.fundsAdded, { amount: '' }).trim()).waitFor();
    await shoot(page, `${lang}-profile-consumer`);

    const orderId = await buy(page, 2);
    await shoot(page, `${lang}-product-bought`);
    await page.goto('/orders');
    const card = page.locator('li', { hasText: fill(t.orders.orderN, { id: orderId }) });
    await card.locator('[data-status="ENTREGADO"]').waitFor({ timeout: 60_000 }); // the page refreshes itself
    // The delivered e-mail's "review" link: the order's own page, with the review dialog already open.
    await page.goto(`/orders/${orderId}?action=review`);
    const dialog = page.getByRole('dialog', { name: t.review.dialogTitle });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: new RegExp(`^${fill(t.review.starN, { n: lang === 'es' ? '4,5' : '4.5' }).replace('.', '\\.')}`) }).click();
    await dialog.getByLabel(t.review.title, exact).fill('Muy buen taladro');
    await dialog.getByLabel(t.review.summary, exact).fill('Llegó rápido y funciona perfecto.');
    await shoot(page, `${lang}-review-dialog`);
    await dialog.getByRole('button', { name: t.review.submit }).click();
    await page.getByText(t.review.thanks).waitFor();
    await shoot(page, `${lang}-orders`);

    await page.goto(productUrl);
    await page.getByRole('heading', { name: 'Muy buen taladro' }).waitFor();
    await expect(page.getByTestId('seller-rating').textContent()).resolves.toMatch(/4[.,]5/);
    // The seller box's figures come from the orders service: this journey's one delivered order is the seller's only sale.
    await expect(page.getByTestId('seller-sales').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('seller-badge').textContent()).resolves.toBe(REPUTATION_LABELS.NUEVO[lang]);

    // Cancel a fresh order before it is delivered (retry if the short progression wins the race).
    let cancelled = false;
    for (let attempt = 0; attempt < 4 && !cancelled; attempt++) {
      const before = await balance(page);
      const id = await buy(page, 1);
      await page.goto('/orders');
      const row = page.locator('li', { hasText: fill(t.orders.orderN, { id }) });
      const cancel = row.getByRole('button', { name: t.orders.cancel });
      if (!(await cancel.isVisible())) continue;
      await cancel.click();
      await page.getByRole('dialog').getByRole('button', { name: t.orders.cancel }).click();
      const done = page.getByText(t.orders.cancelled);
      const tooLate = page.locator('.banner-bad');
      await done.or(tooLate).first().waitFor();
      if (!(await done.isVisible())) continue;
      await row.locator('[data-status="CANCELADO"]').waitFor();
      await expect(balance(page)).resolves.toBe(before);
      cancelled = true;
    }
    expect(cancelled).toBe(true);
    await logout(page);
  }));
});
