import type { Locale } from './i18n';

const tags: Record<Locale, string> = { en: 'en-AR', es: 'es-AR' };

/** Money arrives in minor units (centavos); shown with Intl in the page's language. */
export function formatMoney(minor: number, currency = 'ARS', locale: Locale = 'es'): string {
  return new Intl.NumberFormat(tags[locale], { style: 'currency', currency, minimumFractionDigits: 2 }).format(minor / 100);
}
export function formatDate(iso: string | undefined, locale: Locale, withTime = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(tags[locale], {
    day: 'numeric', month: 'long', year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : {}),
    timeZone: 'America/Argentina/Buenos_Aires',
  }).format(d);
}
export function formatNumber(n: number, locale: Locale, maxFraction = 2): string {
  return new Intl.NumberFormat(tags[locale], { maximumFractionDigits: maxFraction }).format(n);
}
