import Link from 'next/link';
import { DEFAULT_CURRENCY, LOW_STOCK_THRESHOLD, type Product } from '@marketshare/contracts';
import type { Dict } from '@/lib/dictionaries';
import { formatDate, formatMoney } from '@/lib/format';
import type { Locale } from '@/lib/i18n';
import { categoryLabel } from '@/lib/vocab';

/** How a seller's stock reads: out at 0, low at or below LOW_STOCK_THRESHOLD (docs/internals.md), else plain. */
export function stockLevel(stock: number): 'out' | 'low' | 'ok' {
  if (stock <= 0) return 'out';
  return stock <= LOW_STOCK_THRESHOLD ? 'low' : 'ok';
}

/**
 * A table of products, one page of them: out-of-stock ones are marked, and for their seller (`markLowStock`) those
 * running low too.
 */
export function ProductTable({ items, t, locale, markLowStock = false }: { items: Product[]; t: Dict; locale: Locale; markLowStock?: boolean }) {
  if (items.length === 0) return <p className="muted">{t.profile.noProducts}</p>;
  return (
    <div className="table-wrap">
      <table className="data stack">
        <thead><tr>
          <th scope="col">{t.profile.product}</th><th scope="col">{t.profile.category}</th><th scope="col">{t.profile.price}</th>
          <th scope="col">{t.profile.stock}</th><th scope="col">{t.profile.published}</th><th scope="col">{t.profile.reviews}</th>
        </tr></thead>
        <tbody>
          {items.map((p) => {
            const level = stockLevel(p.stock);
            return (
              <tr key={p.id} data-stock={level}>
                <td data-label={t.profile.product}><Link className="clamped-name" href={`/products/${p.id}`} title={p.name}>{p.name}</Link></td>
                <td data-label={t.profile.category}>{categoryLabel(p.category, locale)}</td>
                <td data-label={t.profile.price}>{formatMoney(p.price, DEFAULT_CURRENCY, locale)}{p.discount ? ` (-${p.discount}%)` : ''}</td>
                <td data-label={t.profile.stock}>
                  {p.stock}
                  {level === 'out' && <> <span className="pill tone-red">{t.catalog.outOfStock}</span></>}
                  {level === 'low' && markLowStock && <> <span className="pill tone-yellow">{t.sellerProducts.lowStock}</span></>}
                </td>
                <td data-label={t.profile.published}>{formatDate(p.publishedAt, locale)}</td>
                <td data-label={t.profile.reviews}>{p.rating.count}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
