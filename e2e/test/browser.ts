import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BASE_URL } from './env.js';

// Debian's Chromium driven by playwright-core (never `playwright install`), with every page watched for
// console errors, uncaught exceptions, Content-Security-Policy violations and 5xx answers: a journey fails if any
// appears.

export const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? new URL('../../artifacts/screenshots/web/', import.meta.url).pathname;

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** A fresh browser context (its own cookies) in the given language, watched for errors. */
export async function openContext(browser: Browser, lang: 'en' | 'es'): Promise<Watched> {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 }, locale: lang === 'es' ? 'es-AR' : 'en-US' });
  await context.addCookies([{ name: 'ms_lang', value: lang, url: BASE_URL }]);
  const problems: string[] = [];
  context.on('page', (p) => watch(p, problems));
  // what the page's policy refused, reported by the page itself (Playwright's scripts are exempt from the policy)
  await context.exposeBinding('__msPolicyViolation', ({ page }, what: string) => problems.push(`CSP violation on ${page.url()}: ${what}`));
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => {
    (window as unknown as { __msPolicyViolation(what: string): Promise<void> }).__msPolicyViolation(
      `${e.effectiveDirective} refused ${e.blockedURI || 'an inline script or style'} (${e.sourceFile}:${e.lineNumber})`).catch(() => undefined);
  }));
  const page = await context.newPage();
  return { context, page, problems };
}

/**
 * Runs `steps` in a fresh context in `lang` (signed in with `accessToken`, the cookie the login form sets, when
 * given): a screenshot named after the journey if it fails, and no console error or 5xx allowed but those `ignore`
 * accepts.
 */
export async function journey(
  browser: Browser,
  lang: 'en' | 'es',
  name: string,
  steps: (w: Watched) => Promise<void>,
  opts: { ignore?: (problem: string) => boolean; accessToken?: string } = {},
) {
  const w = await openContext(browser, lang);
  if (opts.accessToken) await w.context.addCookies([{ name: 'ms_access', value: opts.accessToken, url: BASE_URL }]);
  try {
    await steps(w);
  } catch (e) {
    await w.page.screenshot({ path: `${SCREENSHOTS}failed-${lang}-${name}.png`, fullPage: true }).catch(() => undefined);
    throw e;
  } finally {
    await w.context.close();
  }
  const ignore = opts.ignore ?? (() => false);
  if (w.problems.some((p) => !ignore(p))) throw new Error(`problems in the ${name} journey:\n${w.problems.filter((p) => !ignore(p)).join('\n')}`);
}

function watch(page: Page, problems: string[]) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} from ${r.request().method()} ${r.url()}`); });
}

/** Full-page screenshots at desktop (1280) and phone (390) widths. */
export async function shoot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SCREENSHOTS}${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}${name}-phone.png`, fullPage: true });
  await page.setViewportSize(size);
}

/**
 * A solid-colour PNG, made here so the tests need no files; with `noise`, random pixels that do not compress (about
 * 3 × size² bytes).
 */
export function png(rgb: [number, number, number], size = 48, noise = false): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = () => Buffer.concat([Buffer.from([0]), noise ? randomBytes(size * 3) : Buffer.alloc(size * 3).map((_, i) => rgb[i % 3]!)]);
  const raw = Buffer.concat(Array.from({ length: size }, row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}
