import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { en, es } from '@marketshare/web/dictionaries';
import { fmt as fill } from '@marketshare/web/template';
import { journey, launch, shoot } from './browser.js';
import { api, signUp } from './gateway-api.js';

// A filter applied on the catalog, in a real browser through the gateway: each choice changes the list and the
// address at once (no "apply" button), the counts show beside the options, back goes to the previous list, "clear
// filters" restores the search's whole list, and a product without stock is marked on its card.

const exact = { exact: true } as const;

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe.each([['en', en], ['es', es]] as const)('a filter applied on the catalog (%s)', (lang, t) => {
  const tag = `f${randomBytes(4).toString('hex')}`;
  const names = { fresh: `Filtro ${tag} nuevo`, used: `Filtro ${tag} usado`, gone: `Filtro ${tag} agotado` };

  beforeAll(async () => {
    const seller = await signUp(`filters_${lang}`, 'seller', lang);
    const product = (name: string, state: string, stock: number) => ({
      name, description: 'Para probar filtros', category: 'herramientas', state, price: 100_000, stock, features: { text: 'Sin más' },
    });
    for (const body of [product(names.fresh, 'NUEVO', 5), product(names.used, 'USADO', 3), product(names.gone, 'NUEVO', 0)]) {
      expect((await api('POST', '/api/products', { token: seller.token, json: body })).status).toBe(201);
    }
  });

  const cards = (page: Page) => page.locator('ul.cards article h2');
  /** The names on the cards once the list shows exactly `expected` (in any order). */
  async function expectList(page: Page, expected: string[]) {
    await expect.poll(async () => (await cards(page).allInnerTexts()).sort(), { timeout: 15_000 }).toEqual([...expected].sort());
    await page.getByText(fill(t.catalog.results, { n: expected.length }), exact).waitFor();
  }
  const query = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

  test('changes the list and the address, counts the options, goes back and clears', { timeout: 120_000 }, async () => {
    await journey(browser, lang, 'catalog-filters', async ({ page }) => {
      await page.goto(`/?q=${tag}`);
      await expectList(page, [names.fresh, names.used, names.gone]);
      await page.locator('form[data-live]').waitFor(); // the filters apply as they change once the page is live
      // The product without stock is marked on its card, and only that one.
      const gone = page.locator('article', { has: page.getByRole('link', { name: names.gone }) });
      await expect(gone.getByText(t.catalog.outOfStock, exact).isVisible()).resolves.toBe(true);
      await expect(page.locator('article', { hasText: names.fresh }).getByText(t.catalog.outOfStock, exact).count()).resolves.toBe(0);
      // Counts beside the options, under the search.
      const inStock = page.getByLabel(fill(t.catalog.withCount, { label: t.catalog.inStock, n: 2 }), exact);
      await expect(inStock.isVisible()).resolves.toBe(true);
      const condition = page.getByLabel(t.catalog.condition, exact);
      const usedLabel = fill(t.catalog.withCount, { label: lang === 'es' ? 'Usado' : 'Used', n: 1 });
      await expect(condition.locator('option', { hasText: usedLabel }).count()).resolves.toBe(1);
      await expect(page.getByRole('link', { name: new RegExp(t.catalog.clearFilters) }).count()).resolves.toBe(0);

      // "In stock only", applied as it is ticked: the list and the address change.
      await inStock.check();
      await expectList(page, [names.fresh, names.used]);
      expect(query(page)).toEqual({ q: tag, inStock: '1' });
      await shoot(page, `${lang}-catalog-filtered`);

      // Then a condition: the address keeps both.
      await condition.selectOption({ label: usedLabel });
      await expectList(page, [names.used]);
      expect(query(page)).toEqual({ q: tag, state: 'USADO', inStock: '1' });
      // one result is one product, as a person writes it; the footer's year is this year
      await page.getByText(lang === 'es' ? '1 producto' : '1 product', exact).waitFor();
      await expect(page.locator('.site-footer').textContent()).resolves.toContain(`© ${new Date().getFullYear()} Marketshare`);

      // Back goes to the previous list, and the form follows the address.
      await page.goBack();
      await expectList(page, [names.fresh, names.used]);
      expect(query(page)).toEqual({ q: tag, inStock: '1' });
      await expect.poll(() => condition.inputValue()).toBe('');

      // Clear filters: the search's whole list again, the search words kept, the form reset.
      await page.getByRole('link', { name: new RegExp(t.catalog.clearFilters) }).click();
      await expectList(page, [names.fresh, names.used, names.gone]);
      expect(query(page)).toEqual({ q: tag });
      await expect.poll(() => page.getByRole('checkbox').first().isChecked()).toBe(false);
      await expect(page.getByLabel(t.catalog.search, exact).inputValue()).resolves.toBe(tag);

      // A price range typed in whole pesos (prices are 1,000 pesos here) filters too, after a pause in typing.
      await page.getByLabel(t.catalog.maxPrice, exact).fill('999');
      await expectList(page, []);
      expect(query(page)).toEqual({ q: tag, maxPrice: '999' });
    });
  });
});
