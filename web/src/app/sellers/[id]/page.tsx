import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { missingPageMetadata } from '@/components/missing-page';
import { Pager } from '@/components/pager';
import { ProductCard } from '@/components/product-card';
import { getSellerReputation } from '@/lib/api/orders';
import { listProducts } from '@/lib/api/products';
import { getPublicUser } from '@/lib/api/users';
import { formatDate, formatNumber } from '@/lib/format';
import { fmt, getDict, type Locale } from '@/lib/i18n';
import { pageParam } from '@/lib/page-param';
import { reputationPill } from '@/lib/vocab';

type Params = Promise<{ id: string }>;
const PAGE_SIZE = 12;
const parseId = (s: string) => (/^\d{1,9}$/.test(s) ? Number(s) : null);

/** The seller's public profile, or null for a consumer, an unknown id or anything that is not an id. */
async function sellerOf(raw: string, locale: Locale) {
  const id = parseId(raw);
  const user = id ? await getPublicUser(id, locale) : null;
  return user?.role === 'seller' ? user : null;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { locale } = await getDict();
  const seller = await sellerOf((await params).id, locale);
  return seller ? { title: seller.organization.name } : missingPageMetadata();
}

/**
 * A seller's storefront, open to everyone: who they are (users), how they have sold (orders: delivered sales and
 * ratings) and what they sell (products), each read from the service that owns it. The original's `/profile/{id}`
 * leads here (lib/old-addresses.ts).
 */
export default async function StorefrontPage({ params, searchParams }: {
  params: Params; searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ t, locale }, { id: raw }, sp] = await Promise.all([getDict(), params, searchParams]);
  const seller = await sellerOf(raw, locale);
  if (!seller) notFound();
  const page = pageParam(sp.page);
  const [reputation, products] = await Promise.all([
    // Orders down: the storefront still shows, with the figures as unknown.
    getSellerReputation(seller.id).catch(() => null),
    listProducts({ sellerId: seller.id, sort: 'newest', page, pageSize: PAGE_SIZE }),
  ]);
  const rating = reputation?.rating;
  const badge = reputation && reputationPill(reputation.badge, locale);
  const name = seller.organization.name;

  return (
    <>
      <p><Link href="/directory?role=seller">← {t.storefront.directory}</Link></p>
      <section className="panel storefront-head" aria-labelledby="storefront-name">
        <div>
          <p className="small muted m0">{t.storefront.kicker}</p>
          <h1 id="storefront-name" className="m0">{name}</h1>
          <p className="muted m0">{seller.username}</p>
          {badge && <span className={`pill tone-${badge.tone}`} data-testid="storefront-badge">{badge.label}</span>}
        </div>
        <dl className="kv">
          <dt>{t.storefront.country}</dt><dd>{seller.country.name}</dd>
          <dt>{t.storefront.since}</dt><dd data-testid="storefront-since">{formatDate(seller.registeredAt, locale)}</dd>
          <dt>{t.storefront.rating}</dt>
          <dd data-testid="storefront-rating">
            {rating?.count ? `${formatNumber(rating.average, locale)} (${fmt(t.storefront.ratingCount, { n: rating.count })})` : '—'}
          </dd>
          <dt>{t.storefront.sales}</dt>
          <dd data-testid="storefront-sales">{reputation ? formatNumber(reputation.deliveredSales, locale) : '—'}</dd>
        </dl>
      </section>
      <section aria-labelledby="storefront-products">
        <div className="spread">
          <h2 id="storefront-products">{t.storefront.products}</h2>
          <span className="muted">{fmt(t.storefront.productsN, { n: products.total })}</span>
        </div>
        {products.items.length === 0 ? (
          <div className="empty panel"><p>{t.storefront.noProducts}</p></div>
        ) : (
          <ul className="cards">
            {products.items.map((p) => (
              <li key={p.id}><ProductCard p={p} seller={name} t={t} locale={locale} headingLevel={3} /></li>
            ))}
          </ul>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={products.total} params={{}} t={t} path={`/sellers/${seller.id}`} />
      </section>
    </>
  );
}
