import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AutoRefresh } from '@/components/auto-refresh';
import { OrderCard } from '@/components/order-card';
import { orNull } from '@/lib/api/http';
import { getOrder, listReviews, ownOrNull } from '@/lib/api/orders';
import { getProduct } from '@/lib/api/products';
import { getPublicUser } from '@/lib/api/users';
import { fmt, getDict } from '@/lib/i18n';
import { requireUser } from '@/lib/session';

type Params = Promise<{ id: string }>;
const parseId = (s: string) => (/^\d{1,9}$/.test(s) ? Number(s) : null);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { t } = await getDict();
  return { title: fmt(t.orders.orderN, { id: (await params).id }) };
}

/**
 * One order, for its consumer or seller: where the links in the order e-mails lead. `?action=cancel` or
 * `?action=review` opens that dialog at once when the action still applies.
 */
export default async function OrderPage({ params, searchParams }: {
  params: Params; searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [raw, sp] = [(await params).id, await searchParams];
  const action = sp.action === 'cancel' || sp.action === 'review' ? sp.action : undefined;
  // A guest arriving from an e-mail signs in and comes back to the same action.
  const session = await requireUser(`/orders/${raw}${action ? `?action=${action}` : ''}`);
  const id = parseId(raw);
  if (!id) notFound();
  const { t, locale } = await getDict();
  // The orders service answers 404 (or 403) for someone else's order: both look like "no such order" here.
  const order = await ownOrNull(getOrder(id));
  if (!order) notFound();
  const isConsumer = session.role === 'consumer';
  const [product, party, reviews] = await Promise.all([
    orNull(getProduct(order.productId)).catch(() => null),
    getPublicUser(isConsumer ? order.sellerId : order.consumerId, locale),
    order.review === undefined && isConsumer && order.status === 'ENTREGADO'
      ? listReviews({ consumerId: session.userId, pageSize: 100 }).then((p) => p.items).catch(() => [])
      : Promise.resolve([]),
  ]);
  const review = order.review !== undefined ? order.review : reviews.find((r) => r.orderId === order.id) ?? null;
  const moving = order.status === 'RECIBIDO' || order.status === 'EN_DISTRIBUCION';
  return (
    <>
      <p><Link href="/orders">← {t.orders.allOrders}</Link></p>
      <div className="spread">
        <h1>{fmt(t.orders.orderN, { id: order.id })}</h1>
        <Link className="btn btn-secondary btn-small" href={`/orders/${order.id}/receipt`}>{t.receipt.link}</Link>
      </div>
      {moving && !action && <AutoRefresh />}
      <ul className="order-list">
        <OrderCard order={order} product={product} party={party} review={review} isConsumer={isConsumer} t={t} locale={locale} open={action} />
      </ul>
    </>
  );
}
