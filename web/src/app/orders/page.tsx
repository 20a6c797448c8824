import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import { Notice } from '@/components/notice';
import { OrderCard } from '@/components/order-card';
import { Pager } from '@/components/pager';
import { orNull } from '@/lib/api/http';
import { getOrder, listOrders } from '@/lib/api/orders';
import { getProduct } from '@/lib/api/products';
import { getPublicUser } from '@/lib/api/users';
import { formatMoney } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { requireUser } from '@/lib/session';
import { ORDER_STATUSES, statusInfo } from '@/lib/vocab';
import { pageParam } from '@/lib/page-param';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.orders.title };
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireUser('/orders');
  const [{ t, locale }, sp] = await Promise.all([getDict(), searchParams]);
  const status = ORDER_STATUSES.find((s) => s === sp.status);
  const page = pageParam(sp.page);
  const pageSize = 10;
  const isConsumer = session.role === 'consumer';

  const orders = await listOrders({ status, page, pageSize });
  const productIds = [...new Set(orders.items.map((o) => o.productId))];
  const [products, parties] = await Promise.all([
    Promise.all(productIds.map((id) => orNull(getProduct(id)).catch(() => null))),
    Promise.all(orders.items.map((o) => getPublicUser(isConsumer ? o.sellerId : o.consumerId, locale))),
  ]);
  const productById = new Map(productIds.map((id, i) => [id, products[i]]));
  const moving = orders.items.some((o) => o.status === 'RECIBIDO' || o.status === 'EN_DISTRIBUCION');
  // After a cancellation or a review the page says what happened, with the refund the orders service made.
  const cancelledId = Number(sp.cancelled) || 0;
  const cancelled = cancelledId ? await orNull(getOrder(cancelledId)).catch(() => null) : null;
  const reviewed = Number(sp.reviewed) || 0;

  return (
    <>
      <Notice notice={sp.notice} t={t} />
      {cancelled?.status === 'CANCELADO' && (
        <p className="banner banner-ok" role="status">
          {fmt(t.orders.orderN, { id: cancelled.id })}: {t.orders.cancelled} {fmt(t.orders.refunded, { amount: formatMoney(cancelled.total, cancelled.currency, locale) })}
        </p>
      )}
      {reviewed > 0 && <p className="banner banner-ok" role="status">{t.review.thanks}</p>}
      <h1>{isConsumer ? t.orders.purchases : t.orders.sales}</h1>
      <nav className="tabs" aria-label={t.orders.status}>
        {['', ...ORDER_STATUSES].map((s) => (
          <Link key={s || 'all'} href={s ? `/orders?status=${s}` : '/orders'} aria-current={s === (status ?? '') ? 'page' : undefined}>
            {s ? statusInfo(s, locale).label : t.orders.all}
          </Link>
        ))}
      </nav>
      {moving && <><AutoRefresh /><p className="small muted">{t.orders.autoRefresh}</p></>}
      {orders.items.length === 0 ? (
        <div className="empty panel"><p><strong>{t.orders.empty}</strong></p></div>
      ) : (
        <ul className="order-list">
          {orders.items.map((o, i) => (
            <OrderCard key={o.id} order={o} product={productById.get(o.productId)} party={parties[i]} review={o.review}
              isConsumer={isConsumer} t={t} locale={locale} />
          ))}
        </ul>
      )}
      <Pager page={page} pageSize={pageSize} total={orders.total} params={{ status }} t={t} path="/orders" />
    </>
  );
}
