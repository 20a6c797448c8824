import { fmt } from '@/lib/i18n';
import type { Dict } from '@/lib/dictionaries';
import { formatNumber } from '@/lib/format';

export function StarShape({ fill }: { fill: 'full' | 'half' | 'empty' }) {
  const id = 'half-grad';
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      {fill === 'half' && (
        <defs>
          <linearGradient id={id}><stop offset="50%" stopColor="currentColor" /><stop offset="50%" stopColor="#d1d5db" /></linearGradient>
        </defs>
      )}
      <path d="M12 2l3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01z"
        fill={fill === 'full' ? 'currentColor' : fill === 'half' ? `url(#${id})` : '#d1d5db'} />
    </svg>
  );
}

/** Read-only stars rounded to the nearest half, with the exact figure for screen readers. */
export function Stars({ value, count, t, locale }: { value: number; count?: number; t: Dict; locale: 'en' | 'es' }) {
  const halves = Math.round(value * 2);
  const label = count === 0 ? t.stars.none : fmt(t.stars.outOf, { n: formatNumber(value, locale) });
  return (
    <span className="row" style={{ gap: '.35rem' }}>
      <span className="stars" role="img" aria-label={label}>
        {[1, 2, 3, 4, 5].map((i) => (
          <StarShape key={i} fill={halves >= i * 2 ? 'full' : halves === i * 2 - 1 ? 'half' : 'empty'} />
        ))}
      </span>
      {count !== undefined && <span className="small muted">({count})</span>}
    </span>
  );
}
