import type { Metadata } from 'next';
import Link from 'next/link';
import { BarChart } from '@/components/bar-chart';
import { FundsForm, PasswordForm, ProfileForm } from '@/components/profile-forms';
import { Stars } from '@/components/stars';
import { getAnalytics, listOrders } from '@/lib/api/orders';
import { listProducts } from '@/lib/api/products';
import { DEFAULT_CURRENCY, type Product } from '@marketshare/contracts';
import { getMe, listCountries } from '@/lib/api/users';
import { formatDate, formatMoney, formatNumber } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { requireUser } from '@/lib/session';
import { ORDER_STATUSES, categoryLabel, reputationPill, statusInfo } from '@/lib/vocab';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.profile.title };
}

const toneColor: Record<string, string> = { yellow: '#ca8a04', blue: '#2563eb', green: '#16a34a', red: '#dc2626', grey: '#6b7280' };

export default async function ProfilePage() {
  const session = await requireUser('/profile');
  const { t, locale } = await getDict();
  const isConsumer = session.role === 'consumer';
  const [me, countries, analytics, byStatus, products] = await Promise.all([
    getMe(),
    listCountries(locale).catch(() => []),
    getAnalytics().catch(() => null),
    Promise.all(ORDER_STATUSES.map((status) => listOrders({ status, pageSize: 1 }).then((p) => p.total).catch(() => 0))),
    isConsumer ? listProducts({ pageSize: 50, sort: 'rating' }) : listProducts({ sellerId: session.userId, pageSize: 50 }),
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
      <h1>{t.profile.title}</h1>
      <section className="panel">
        <p className="muted small" style={{ margin: 0 }}>{fmt(t.profile.viewAs, { role: isConsumer ? t.profile.consumer : t.profile.seller })}</p>
        <h2 style={{ margin: '.25rem 0' }}>{me.username}</h2>
        <p style={{ margin: 0 }}>{[me.country?.name, me.organization?.name, me.bank?.name].filter(Boolean).join(' • ')}</p>
        <p className="small muted" style={{ margin: 0 }}>{t.profile.registered}: {formatDate(me.registeredAt, locale)}</p>
        <p style={{ marginBottom: 0 }}>
          {t.wallet.balance}: <strong>{money(me.balance?.amount)}</strong> · <Link href="/profile/statement">{t.wallet.openStatement}</Link>
        </p>
        {top.length > 0 && (
          <p className="row" style={{ marginTop: '.5rem', marginBottom: 0 }}>
            {top.map((c) => <span className="chip" key={c.category}>{categoryLabel(c.category, locale)}</span>)}
          </p>
        )}
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

      <section className="panel" style={{ marginTop: '1rem' }}>
        <h2>{isConsumer ? t.profile.suggestions : t.profile.myProducts}</h2>
        {table.length === 0 ? <p className="muted">{t.profile.noProducts}</p> : (
          <div className="table-wrap">
            <table className="data stack">
              <thead><tr>
                <th scope="col">{t.profile.product}</th><th scope="col">{t.profile.category}</th><th scope="col">{t.profile.price}</th>
                <th scope="col">{t.profile.stock}</th><th scope="col">{t.profile.published}</th><th scope="col">{t.profile.reviews}</th>
              </tr></thead>
              <tbody>
                {table.map((p) => (
                  <tr key={p.id}>
                    <td data-label={t.profile.product}><Link href={`/products/${p.id}`}>{p.name}</Link></td>
                    <td data-label={t.profile.category}>{categoryLabel(p.category, locale)}</td>
                    <td data-label={t.profile.price}>{formatMoney(p.price, DEFAULT_CURRENCY, locale)}{p.discount ? ` (-${p.discount}%)` : ''}</td>
                    <td data-label={t.profile.stock}>{p.stock}</td>
                    <td data-label={t.profile.published}>{formatDate(p.publishedAt, locale)}</td>
                    <td data-label={t.profile.reviews}>{p.rating.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="two-col">
        {isConsumer && me.balance && (
          <section className="panel" id="funds" aria-labelledby="funds-title">
            <h2 id="funds-title">{t.profile.funds}</h2>
            <FundsForm balance={me.balance.amount} currency={me.balance.currency} bank={me.bank?.name ?? ''} locale={locale}
              idempotencyKey={crypto.randomUUID()} labels={t.profile} />
          </section>
        )}
        <section className="panel" aria-labelledby="edit-title">
          <h2 id="edit-title">{t.profile.edit}</h2>
          <ProfileForm withBank labels={t.profile}
            countries={countries.map((c) => ({ value: c.code, label: c.name }))}
            initial={{ email: me.email ?? '', country: me.country?.code ?? '', organization: me.organization?.name ?? '', bank: me.bank?.name ?? '', locale: me.locale }} />
        </section>
        <section className="panel" aria-labelledby="password-title">
          <h2 id="password-title">{t.profile.password}</h2>
          <PasswordForm labels={t.profile} />
        </section>
      </div>
    </>
  );
}
