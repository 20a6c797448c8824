import { fmt } from '@/lib/i18n';
import type { Dict } from '@/lib/dictionaries';
import { formatNumber } from '@/lib/format';
import { StarShape } from './star-shape';

/** Read-only stars rounded to the nearest half, with the exact figure for screen readers. */
export function Stars({ value, count, t, locale }: { value: number; count?: number; t: Dict; locale: 'en' | 'es' }) {
  const halves = Math.round(value * 2);
  const label = count === 0 ? t.stars.none : fmt(t.stars.outOf, { n: formatNumber(value, locale) });
  return (
    <span className="row" style={{ gap: '.35rem' }}>
      <span className="stars" role="img" aria-label={label}>
        {[1, 2, 3, 4, 5].map((i) => (
          <StarShape key={i} fill={halves >= i * 2 ? 1 : halves === i * 2 - 1 ? 0.5 : 0} />
        ))}
      </span>
      {count !== undefined && <span className="small muted">({count})</span>}
    </span>
  );
}
