import { fmt } from '@/lib/i18n';
import type { Dict } from '@/lib/dictionaries';
import { formatNumber } from '@/lib/format';

/**
 * Read-only stars rounded to the nearest half, with the exact figure for screen readers. One element: the five
 * stars are a CSS background (`.stars`, defined once in globals.css) and the class `h0`…`h10` sets how many halves
 * are gold, so a card carries no SVG and no inline style.
 */
export function Stars({ value, count, t, locale }: { value: number; count?: number; t: Dict; locale: 'en' | 'es' }) {
  const halves = Math.min(10, Math.max(0, Math.round(value * 2)));
  const label = count === 0 ? t.stars.none : fmt(t.stars.outOf, { n: formatNumber(value, locale) });
  const stars = <span className={`stars h${halves}`} role="img" aria-label={label} />;
  if (count === undefined) return stars;
  return <span className="rating">{stars}<span className="small muted">{`(${count})`}</span></span>;
}
