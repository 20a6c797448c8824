/// <reference lib="dom" />
// (the DOM types are for the page.evaluate callbacks, which run in the browser)
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { MESSAGE_TYPES } from '@marketshare/contracts';
import { LOGO_CID, LOGO_PNG, renderEmail } from '../src/templates/index.js';
import { sampleMessage } from './support.js';

// Renders every template, in both languages, in Debian's Chromium and saves a screenshot of each under
// artifacts/screenshots/emails/ (named in services/emails/README.md) for a person to look at.

const OUT = fileURLToPath(new URL('../../../artifacts/screenshots/emails/', import.meta.url));
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('templates in a browser', () => {
  it('renders each template in English and Spanish with its logo, card and button', async () => {
    const page = await browser.newPage({ viewport: { width: 680, height: 900 } });
    // A mail client resolves cid: from the attachment; the page gets the same bytes inline. Anything that would
    // leave the machine is refused, so the screenshot shows only what travels in the message.
    const logo = `data:image/png;base64,${LOGO_PNG.toString('base64')}`;
    await page.route('**/*', (route) => route.abort());
    for (const type of MESSAGE_TYPES) {
      for (const locale of ['es', 'en'] as const) {
        const { html, subject } = renderEmail(sampleMessage(type, { locale }), { timeZone: 'America/Argentina/Buenos_Aires' });
        await page.setContent(html.replace(`cid:${LOGO_CID}`, logo), { waitUntil: 'load' });
        expect(await page.title()).toBe(subject);
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
        expect(look.logoWidth).toBe(384); // the image decoded
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
