import Link from 'next/link';
import { DEFAULT_CURRENCY, type Product } from '@marketshare/contracts';
import type { Dict } from '@/lib/dictionaries';
import { formatDate } from '@/lib/format';
import type { Locale } from '@/lib/i18n';
import { categoryLabel, specialFeatureLabel } from '@/lib/vocab';
import { Price } from './price';
import { Stars } from './stars';
import { SpecialFeatureIcon } from './icons';

/**
 * A catalog card. Server-rendered markup only: no inline styles or SVG per card (see globals.css), and one text node
 * per run of text, so each card adds little to the HTML and to the page's RSC payload.
 */
export function ProductCard({ p, seller, t, locale, headingLevel = 2 }: {
  p: Product; seller?: string; t: Dict; locale: Locale; headingLevel?: 2 | 3;
}) {
  const img = p.images[0];
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const first = p.specialFeatures[0];
  return (
    <article className="card">
      <div className="thumb">
        {img ? <img src={img.thumbnailUrl ?? img.url} alt="" loading="lazy" /> : <span>{t.catalog.noImage}</span>}
      </div>
      <div className="body">
        <div className="spread small muted">
          <span>{categoryLabel(p.category, locale)}</span>
          <time dateTime={p.publishedAt}>{formatDate(p.publishedAt, locale)}</time>
        </div>
        {/* No prefetch: a page of cards would otherwise ask the server for twelve product pages on every view. */}
        <H><Link href={`/products/${p.id}`} prefetch={false}>{p.name}</Link></H>
        <p className="desc">{p.description}</p>
        <Stars value={p.rating.average} count={p.rating.count} t={t} locale={locale} />
        <Price price={p.price} discount={p.discount} currency={DEFAULT_CURRENCY} t={t} locale={locale} />
        {p.stock === 0 && <span className="pill tone-red stock-out">{t.catalog.outOfStock}</span>}
        {first && <span className="chip"><SpecialFeatureIcon slug={first} />{specialFeatureLabel(first, locale, true)}</span>}
        {seller && <span className="small muted">{seller}</span>}
      </div>
    </article>
  );
}
