import 'server-only';
// Vocabulary lookups for pages. The vocabularies themselves live in @marketshare/contracts; this file adds the
// locale-aware lookups and the original's display variants (short chip labels, rating words). Server-side only:
// client components receive labels as props so the contracts' schema library never reaches the browser.
import {
  CATEGORIES, COLORS, SPECIAL_FEATURES, ORDER_STATUS_LABELS, REPUTATION_LABELS,
  type Locale, type OrderStatus,
} from '@marketshare/contracts';

export { CATEGORIES, COLORS, SPECIAL_FEATURES, PRODUCT_STATES, ORDER_STATUSES, MAX_FEATURE_ROWS, MAX_IMAGES,
  MAX_IMAGE_BYTES, MAX_DISCOUNT, orderTotal, isCancellable } from '@marketshare/contracts';
export type { Locale, OrderStatus, Role } from '@marketshare/contracts';

type Labelled = { readonly slug: string; readonly es: string; readonly en: string };
const find = <T extends Labelled>(list: readonly T[], slug: string) => list.find((x) => x.slug === slug);

/** Any unknown category displays as "Otras", as the original did. */
export function categoryLabel(slug: string, locale: Locale): string {
  const c = find(CATEGORIES, slug);
  if (!c || c.slug === 'otra') return locale === 'es' ? 'Otras' : 'Other';
  return c[locale];
}
export function colorLabel(slug: string, locale: Locale): string {
  return find(COLORS, slug)?.[locale] ?? slug;
}
export function colorHex(slug: string): string {
  return find(COLORS, slug)?.hex ?? '#cccccc';
}

const CHIP_ES: Record<string, string> = { garantia: 'Garantía 12', sustentable: 'Sustentable' };
/** Form label, or the original's shorter chip text for product pages. */
export function specialFeatureLabel(slug: string, locale: Locale, chip = false): string {
  if (chip && locale === 'es' && CHIP_ES[slug]) return CHIP_ES[slug];
  return find(SPECIAL_FEATURES, slug)?.[locale] ?? slug;
}

export const STATE_LABELS: Record<string, Record<Locale, string>> = {
  NUEVO: { es: 'Nuevo', en: 'New' },
  USADO: { es: 'Usado', en: 'Used' },
};

export type Tone = 'yellow' | 'blue' | 'green' | 'red' | 'grey';
const STATUS_TONES: Record<OrderStatus, Tone> = {
  RECIBIDO: 'yellow', EN_DISTRIBUCION: 'blue', ENTREGADO: 'green', CANCELADO: 'red', RECHAZADO: 'grey', SIN_STOCK: 'grey',
};
export function statusInfo(status: string, locale: Locale): { label: string; tone: Tone } {
  const l = ORDER_STATUS_LABELS[status as OrderStatus];
  return { label: l ? l[locale] : status, tone: STATUS_TONES[status as OrderStatus] ?? 'grey' };
}

export const REPUTATION_TONES: Record<string, Tone> = { NUEVO: 'grey', POLEMICO: 'red', COMUN: 'blue', GRAN: 'green', MAGNIFICO: 'yellow' };
export function reputationLabel(badge: string, locale: Locale): string {
  return REPUTATION_LABELS[badge as keyof typeof REPUTATION_LABELS]?.[locale] ?? badge;
}
/** A seller's badge, as the orders service decides it, ready to display. */
export function reputationPill(badge: string, locale: Locale): { label: string; tone: Tone } {
  return { label: reputationLabel(badge, locale), tone: REPUTATION_TONES[badge] ?? 'grey' };
}

/** Rating words of the original's star widget (docs/design.md §9). */
export function ratingWords(locale: Locale): { value: number; label: string }[] {
  const es = ['Pésimo', 'Pésimo', 'Pésimo', 'Malo', 'Malo', 'Regular', 'Bueno', 'Bueno', 'Muy bueno', 'Sobresaliente', 'Excelente'];
  const en = ['Terrible', 'Terrible', 'Terrible', 'Poor', 'Poor', 'Fair', 'Good', 'Good', 'Very good', 'Outstanding', 'Excellent'];
  return (locale === 'es' ? es : en).map((label, i) => ({ value: i / 2, label }));
}
