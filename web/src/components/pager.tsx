import Link from 'next/link';
import { fmt } from '@/lib/i18n';
import type { Dict } from '@/lib/dictionaries';

/** Previous/next links that keep the other query parameters; `anchor` brings the reader back to the paged part. */
export function Pager({ page, pageSize, total, params, t, path = '/', anchor, label = t.catalog.pagination }: {
  page: number; pageSize: number; total: number; params: Record<string, string | undefined>; t: Dict; path?: string;
  anchor?: string; label?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    q.set('page', String(p));
    return `${path}?${q}${anchor ? `#${anchor}` : ''}`;
  };
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? <Link className="btn btn-secondary btn-small" href={href(page - 1)} rel="prev">{t.catalog.prev}</Link> : null}
      <span>{fmt(t.catalog.page, { page, pages })}</span>
      {page < pages ? <Link className="btn btn-secondary btn-small" href={href(page + 1)} rel="next">{t.catalog.next}</Link> : null}
    </nav>
  );
}
