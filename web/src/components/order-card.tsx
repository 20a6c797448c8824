import Link from 'next/link';
import { CancelOrder, ReviewOrder } from '@/components/order-actions';
import { Stars } from '@/components/stars';
import { StatusPill } from '@/components/status-pill';
import type { Order, Product, Review, UserProfile } from '@marketshare/contracts';
import { formatDate, formatMoney } from '@/lib/format';
import { fmt, type Dict } from '@/lib/i18n';
import { colorLabel, isCancellable, ratingWords, statusInfo, type Locale } from '@/lib/vocab';

/**
 * One order as its consumer or seller sees it, with the actions that apply: cancel while it can be, review once
 * delivered. `open` opens an action's dialog at once (the links in the order e-mails ask for it).
 */
export function OrderCard({ order: o, product, party, review, isConsumer, t, locale, open }: {
  order: Order;
  product: Product | null | undefined;
  party: UserProfile | null | undefined;
  review: Review | null;
  isConsumer: boolean;
  t: Dict;
  locale: Locale;
  open?: 'cancel' | 'review';
}) {
  const img = product?.images[0];
  const last = o.statusHistory.at(-1);
  const canCancel = isConsumer && isCancellable(o.status);
  const canReview = isConsumer && o.status === 'ENTREGADO' && !review;
  return (
    <li className="panel order-card" data-order-id={o.id}>
      {img ? <img className="order-thumb" src={img.thumbnailUrl} alt="" /> : <div className="order-thumb noimg" />}
      <div className="order-head">
        <h2 className="order-title">{product ? <Link href={`/products/${o.productId}`}>{o.productName}</Link> : o.productName}</h2>
        <StatusPill status={o.status} locale={locale} />
      </div>
      {/* on a desktop each fact its label over its value, side by side across the card; on a phone a list */}
      <dl className="order-facts">
        <div><dt>{fmt(t.orders.orderN, { id: o.id })}</dt><dd>{formatDate(o.createdAt, locale)}</dd></div>
        <div>
          <dt>{isConsumer ? t.orders.seller : t.orders.buyer}</dt>
          <dd>{party?.organization?.name ?? ''}{party ? ` (${party.username})` : ''}</dd>
        </div>
        <div><dt>{t.orders.value}</dt><dd><strong>{formatMoney(o.total, o.currency, locale)}</strong></dd></div>
        <div><dt>{t.orders.units}</dt><dd>{o.quantity}</dd></div>
        {o.color && <div><dt>{t.orders.colour}</dt><dd>{colorLabel(o.color, locale)}</dd></div>}
        {last && <div><dt>{t.orders.lastUpdate}</dt><dd>{formatDate(last.at, locale, true)}</dd></div>}
      </dl>
      <details className="order-history small">
        <summary>{t.orders.history}</summary>
        <ol>
          {o.statusHistory.map((h, j) => <li key={j}>{statusInfo(h.status, locale).label} — {formatDate(h.at, locale, true)}</li>)}
        </ol>
      </details>
      <div className="order-actions">
        {canCancel && (
          <CancelOrder orderId={o.id} openAtOnce={open === 'cancel'} labels={{ cancel: t.orders.cancel, confirm: t.orders.cancel, back: t.errors.back,
            question: fmt(t.orders.cancelConfirm, { id: o.id }) }} />
        )}
        {o.status === 'ENTREGADO' && review && (
          <div className="small"><span className="muted">{t.orders.reviewed}</span><br /><Stars value={review.rating} t={t} locale={locale} /></div>
        )}
        {canReview && (
          <ReviewOrder orderId={o.id} productName={o.productName} imageUrl={img?.thumbnailUrl ?? img?.url} words={ratingWords(locale)}
            openAtOnce={open === 'review'} locale={locale} labels={{ ...t.review, review: t.orders.review, errorSummary: t.form.errorSummary }} />
        )}
      </div>
    </li>
  );
}
