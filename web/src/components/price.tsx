import { formatMoney } from '@/lib/format';
import { fmt, type Locale } from '@/lib/i18n';
import type { Dict } from '@/lib/dictionaries';
import { orderTotal } from '@/lib/vocab';

/** The product's server-given price and discount: the discounted unit price, and the list price struck through. */
export function Price({ price, discount, currency = 'ARS', t, locale }: {
  price: number; discount: number; currency?: string; t: Dict; locale: Locale;
}) {
  if (!discount) return <span className="price">{formatMoney(price, currency, locale)}</span>;
  return (
    <span className="price-row">
      <span className="price">{formatMoney(orderTotal(price, discount, 1), currency, locale)}</span>
      <span className="off">{fmt(t.product.discount, { n: discount })}</span>
      <span className="price-old"><span className="visually-hidden">{`${t.product.was} `}</span>{formatMoney(price, currency, locale)}</span>
    </span>
  );
}
