import { COLORS, ORDER_STATUS_LABELS, type OrderStatus } from '@marketshare/contracts';

export type Locale = 'en' | 'es';

/** Every interpolated value passes through here on its way into HTML. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const NUMBER_LOCALE: Record<Locale, string> = { es: 'es-AR', en: 'en-US' };

// Building an Intl formatter costs far more than using one, and a mail uses several: keep them.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | null>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F | null {
  if (!formatters.has(key)) {
    try {
      formatters.set(key, make());
    } catch {
      formatters.set(key, null); // e.g. not an ISO 4217 currency code
    }
  }
  return formatters.get(key) as F | null;
}

/** An amount in minor units (centavos) as the reader's locale writes money: `$ 1.234,50` or `ARS 1,234.50`. */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const format = cached(`money|${locale}|${currency}`, () => new Intl.NumberFormat(NUMBER_LOCALE[locale], { style: 'currency', currency }));
  if (!format) return `${(minor / 100).toFixed(2)} ${currency}`; // an unknown currency: still show the amount
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** The original's "DD de <mes> YYYY | HH:mm:ss", in the configured zone and naming it. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = cached(
    `date|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale === 'es' ? 'es-AR' : 'en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZone,
        timeZoneName: 'short',
      }),
  );
  if (!format) return iso;
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  const day = locale === 'es' ? `${parts.day} de ${parts.month} ${parts.year}` : `${parts.day} ${parts.month} ${parts.year}`;
  return `${day} | ${parts.hour}:${parts.minute}:${parts.second} (${parts.timeZoneName})`;
}

export function statusLabel(status: string, locale: Locale): string {
  return ORDER_STATUS_LABELS[status as OrderStatus]?.[locale] ?? status;
}

export function colorLabel(slug: string, locale: Locale): string {
  return COLORS.find((c) => c.slug === slug)?.[locale] ?? slug;
}
