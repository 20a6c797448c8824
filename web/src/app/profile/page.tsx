import type { Metadata } from 'next';
import Link from 'next/link';
import { BarChart } from '@/components/bar-chart';
import { MovedAnchors } from '@/components/moved-anchors';
import { ProductTable } from '@/components/product-table';
import { ProfileSections } from '@/components/profile-sections';
import { Stars } from '@/components/stars';
import { getAnalytics, listOrders } from '@/lib/api/orders';
import { listProducts } from '@/lib/api/products';
import type { Product } from '@marketshare/contracts';
import { getMe } from '@/lib/api/users';
import { formatDate, formatMoney, formatNumber } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { requireUser } from '@/lib/session';
import { ORDER_STATUSES, categoryLabel, reputationPill, statusInfo } from '@/lib/vocab';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.profile.title };
}

const toneColor: Record<string, string> = { yellow: '#ca8a04', blue: '#2563eb', green: '#16a34a', red: '#dc2626', grey: '#6b7280' };

/** The profile's overview: who the person is, their balance, and how they buy or sell. */
export default async function ProfilePage() {
  const session = await requireUser('/profile');
  const { t, locale } = await getDict();
  const isConsumer = session.role === 'consumer';
  const [me, analytics, byStatus, products] = await Promise.all([
    getMe(),
    getAnalytics().catch(() => null),
    Promise.all(ORDER_STATUSES.map((status) => listOrders({ status, pageSize: 1 }).then((p) => p.total).catch(() => 0))),
    isConsumer ? listProducts({ pageSize: 50, sort: 'rating' }) : listProducts({ sellerId: session.userId, pageSize: 10 }),
  ]);
  const bought = analytics?.role === 'consumer' ? analytics : undefined;
  const sold = analytics?.role === 'seller' ? analytics : undefined;
  const money = (n?: number) => formatMoney(n ?? 0, me.balance?.currency ?? 'ARS', locale);
  const top = analytics?.topCategories ?? [];
  const badge = sold ? reputationPill(sold.badge, locale) : null;
  const rank = new Map(top.map((c, i) => [c.category, i]));
  // Suggestions: products in the buyer's favourite categories first (the original's rule), then the best rated.
  const table: Product[] = isConsumer
    ? [...products.items].sort((a, b) => (rank.get(a.category) ?? 99) - (rank.get(b.category) ?? 99)).slice(0, 10)
    : products.items;

  return (
    <>
      <MovedAnchors />
      <ProfileSections current="overview" t={t} />
      <section className="panel spread">
        <div>
          <p className="muted small" style={{ margin: 0 }}>{fmt(t.profile.viewAs, { role: isConsumer ? t.profile.consumer : t.profile.seller })}</p>
          <h2 style={{ margin: '.25rem 0' }}>{me.username}</h2>
          <p style={{ margin: 0 }}>{[me.country?.name, me.organization?.name, me.bank?.name].filter(Boolean).join(' • ')}</p>
          <p className="small muted" style={{ margin: 0 }}>{t.profile.registered}: {formatDate(me.registeredAt, locale)}</p>
        </div>
        <div>
          <p className="muted m0">{t.wallet.balance}</p>
          <p className="wallet-balance">{money(me.balance?.amount)}</p>
          {/* #funds: where the one-page profile's add-funds link lands without a script (components/moved-anchors.tsx) */}
          {isConsumer
            ? <Link id="funds" href="/profile/wallet#funds">{t.nav.addFunds}</Link>
            : <Link href="/profile/wallet#withdraw">{t.wallet.withdraw}</Link>}
        </div>
      </section>

      <h2>{t.profile.metrics}</h2>
      <div className="metrics">
        {isConsumer ? (
          <>
            <div className="metric"><div className="muted">{t.profile.purchases}</div><div className="value">{bought?.deliveredPurchases ?? 0}</div></div>
            <div className="metric"><div className="muted">{t.profile.spent}</div><div className="value">{money(bought?.moneySpent)}</div></div>
            <div className="metric">
              <div className="muted">{t.profile.mostExpensive}</div>
              {bought?.biggestPurchase ? (
                <><div className="value" style={{ fontSize: '1.1rem' }}><Link href={`/products/${bought?.biggestPurchase.productId}`}>{bought?.biggestPurchase.productName}</Link></div>
                  <div className="small">{t.profile.unitsBought}: {bought?.biggestPurchase.quantity} · {money(bought?.biggestPurchase.total)}</div></>
              ) : <><div className="value">{t.profile.none}</div><div className="small">{t.profile.startNow}</div></>}
            </div>
            <div className="metric">
              <div className="muted">{t.profile.yourReviews}</div><div className="value">{bought?.reviews.count ?? 0}</div>
              <div className="small">{t.profile.worst}: {bought?.reviews.worst ?? t.profile.noneReviews} · {t.profile.best}: {bought?.reviews.best ?? t.profile.noneReviews}</div>
            </div>
          </>
        ) : (
          <>
            <div className="metric"><div className="muted">{t.profile.sales}</div><div className="value">{sold?.deliveredSales ?? 0}</div></div>
            <div className="metric"><div className="muted">{t.profile.income}</div><div className="value">{money(sold?.grossIncome)}</div></div>
            <div className="metric">
              <div className="muted">{t.profile.bestSeller}</div>
              {sold?.bestSellingProduct ? (
                <><div className="value" style={{ fontSize: '1.1rem' }}><Link href={`/products/${sold?.bestSellingProduct.productId}`}>{sold?.bestSellingProduct.productName}</Link></div>
                  <div className="small">{t.profile.unitsSold}: {sold?.bestSellingProduct.units}</div></>
              ) : <div className="value">{t.profile.none}</div>}
            </div>
            <div className="metric">
              <div className="muted">{t.profile.yourRating}</div>
              <div className="value">{formatNumber(sold?.rating.average ?? 0, locale)}</div>
              <Stars value={sold?.rating.average ?? 0} count={sold?.rating.count ?? 0} t={t} locale={locale} />
              {badge && <div><span className={`pill tone-${badge.tone}`}>{badge.label}</span></div>}
            </div>
          </>
        )}
      </div>
      <div className="two-col" style={{ marginTop: '1rem' }}>
        <section className="panel">
          <BarChart title={t.profile.ordersByStatus}
            bars={ORDER_STATUSES.map((s, i) => ({ label: statusInfo(s, locale).label, value: byStatus[i] ?? 0, color: toneColor[statusInfo(s, locale).tone] }))} />
        </section>
        <section className="panel">
          {top.length ? (
            <BarChart title={t.profile.topCategories} bars={top.map((c) => ({ label: categoryLabel(c.category, locale), value: c.count }))} />
          ) : (
            <><p className="label">{t.profile.topCategories}</p><p className="muted">{t.profile.startNow}</p></>
          )}
        </section>
      </div>

      <section className="panel">
        <h2>{isConsumer ? t.profile.suggestions : t.profile.myProducts}</h2>
        {/* A seller's table is the first page of /products/mine (low stock marked too); the rest is paged there. */}
        <ProductTable items={table} t={t} locale={locale} markLowStock={!isConsumer} />
        {!isConsumer && <p className="m0"><Link href="/products/mine">{fmt(t.sellerProducts.all, { n: products.total })}</Link></p>}
      </section>
    </>
  );
}
