import type { Locale } from './i18n';

const tags: Record<Locale, string> = { en: 'en-AR', es: 'es-AR' };

// Intl formatters are costly to build and pages format dozens of figures: one per locale and options, kept for the
// life of the process.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function memo<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** Money arrives in minor units (centavos); shown with Intl in the page's language. */
export function formatMoney(minor: number, currency = 'ARS', locale: Locale = 'es'): string {
  return memo(`m:${locale}:${currency}`, () =>
    new Intl.NumberFormat(tags[locale], { style: 'currency', currency, minimumFractionDigits: 2 })).format(minor / 100);
}
export function formatDate(iso: string | undefined, locale: Locale, withTime = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return memo(`d:${locale}:${withTime}`, () => new Intl.DateTimeFormat(tags[locale], {
    day: 'numeric', month: 'long', year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : {}),
    timeZone: 'America/Argentina/Buenos_Aires',
  })).format(d);
}
export function formatNumber(n: number, locale: Locale, maxFraction = 2): string {
  return memo(`n:${locale}:${maxFraction}`, () => new Intl.NumberFormat(tags[locale], { maximumFractionDigits: maxFraction })).format(n);
}
/** A size in bytes as megabytes ("5 MB"), as the product form's hint words the image limit. */
export function formatMegabytes(bytes: number, locale: Locale): string {
  return memo(`mb:${locale}`, () =>
    new Intl.NumberFormat(tags[locale], { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 })).format(bytes / (1024 * 1024));
}
