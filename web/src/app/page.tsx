import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/notice';
import { Pager } from '@/components/pager';
import { ProductCard } from '@/components/product-card';
import { ServiceUnavailableError } from '@/lib/api/http';
import { listProducts } from '@/lib/api/products';
import type { Product, ProductSort } from '@marketshare/contracts';
import { sellerNames } from '@/lib/api/users';
import { fmt, getDict } from '@/lib/i18n';
import { getSession } from '@/lib/session';
import { CATEGORIES } from '@/lib/vocab';
import { pageParam } from '@/lib/page-param';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.catalog.title };
}

const SORTS = ['newest', 'price_asc', 'price_desc', 'rating'] as const satisfies readonly ProductSort[];
type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const [{ t, locale }, session] = await Promise.all([getDict(), getSession()]);
  const q = one(sp.q)?.slice(0, 100) ?? '';
  const category = CATEGORIES.find((c) => c.slug === one(sp.category))?.slug ?? '';
  const sort = SORTS.find((s) => s === one(sp.sort)) ?? 'newest';
  const page = pageParam(sp.page);
  const sellerId = /^\d{1,9}$/.test(one(sp.sellerId) ?? '') ? Number(one(sp.sellerId)) : undefined;
  const pageSize = 12;

  // The catalog stays up when the products service is briefly down: an empty page with a banner, not an error.
  const result = await listProducts({ q: q || undefined, category: category || undefined, sellerId, sort, page, pageSize })
    .then((r) => ({ ...r, down: false }))
    .catch((e: unknown) => {
      if (e instanceof ServiceUnavailableError) return { items: [] as Product[], page, pageSize, total: 0, down: true };
      throw e;
    });
  const sellers = await sellerNames([...result.items.map((p) => p.sellerId), ...(sellerId ? [sellerId] : [])]);
  const mine = session?.role === 'seller';
  const sortLabels = { newest: t.catalog.newest, price_asc: t.catalog.priceAsc, price_desc: t.catalog.priceDesc, rating: t.catalog.rating };

  return (
    <>
      <Notice notice={sp.notice} t={t} />
      {result.down && <p className="banner banner-warn" role="alert">{t.banner.serviceDown}</p>}
      {!session && (
        <section className="panel spread">
          <div>
            <h2 className="m0">{t.catalog.welcome}</h2>
            <p className="muted m0">{t.catalog.welcomeText}</p>
          </div>
          <div className="row">
            <Link className="btn" href="/register">{t.nav.register}</Link>
            <Link className="btn btn-secondary" href="/login">{t.nav.login}</Link>
          </div>
        </section>
      )}
      <h1>{t.catalog.title}</h1>
      <form className="panel filters" role="search" action="/" method="get">
        <div className="field">
          <label htmlFor="q">{t.catalog.search}</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="category">{t.catalog.category}</label>
          <select id="category" name="category" defaultValue={category}>
            <option value="">{t.catalog.allCategories}</option>
            {CATEGORIES.map((c) => <option key={c.slug} value={c.slug}>{c[locale]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">{t.catalog.sort}</label>
          <select id="sort" name="sort" defaultValue={sort}>
            {SORTS.map((s) => <option key={s} value={s}>{sortLabels[s]}</option>)}
          </select>
        </div>
        {sellerId && <input type="hidden" name="sellerId" value={sellerId} />}
        <button className="btn" type="submit">{t.catalog.searchButton}</button>
      </form>
      <p className="row">
        {mine && sellerId !== session.userId && <Link className="chip" href={`/?sellerId=${session.userId}`}>{t.catalog.mine}</Link>}
        {sellerId && (
          <Link className="chip" href="/" aria-label={`${t.catalog.clearSeller}: ${sellers.get(sellerId) ?? sellerId}`}>
            {sellers.get(sellerId) ?? sellerId} ✕
          </Link>
        )}
      </p>
      <p className="muted" aria-live="polite">{fmt(t.catalog.results, { n: result.total })}</p>
      {result.items.length === 0 ? (
        <div className="empty panel">
          <p><strong>{t.catalog.empty}</strong></p>
          <p>{t.catalog.emptyHint}</p>
        </div>
      ) : (
        <ul className="cards">
          {result.items.map((p) => (
            <li key={p.id}><ProductCard p={p} seller={sellers.get(p.sellerId)} t={t} locale={locale} /></li>
          ))}
        </ul>
      )}
      <Pager page={page} pageSize={pageSize} total={result.total} params={{ q, category, sort, sellerId: sellerId ? String(sellerId) : undefined }} t={t} />
    </>
  );
}
