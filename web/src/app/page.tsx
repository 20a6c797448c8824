import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/notice';
import { Pager } from '@/components/pager';
import { ProductCard } from '@/components/product-card';
import { ServiceUnavailableError } from '@/lib/api/http';
import { listProducts } from '@/lib/api/products';
import type { CatalogPage as CatalogAnswer, Product, ProductSort } from '@marketshare/contracts';
import { CatalogFilters } from '@/components/catalog-filters';
import { CATALOG_SORTS, FILTER_PARAMS, catalogHref, catalogParams, catalogQuery, hasFilters, readCatalogState } from '@/lib/catalog-params';
import { sellerNames } from '@/lib/api/users';
import { fmt, getDict } from '@/lib/i18n';
import { getSession } from '@/lib/session';
import { CATEGORIES, PRODUCT_STATES, STATE_LABELS } from '@/lib/vocab';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.catalog.title };
}

type Search = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 12;

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const [{ t, locale }, session] = await Promise.all([getDict(), getSession()]);
  const state = readCatalogState(sp);
  const { page, sellerId } = state;

  // The catalog stays up when the products service is briefly down: an empty page with a banner, not an error.
  const result: CatalogAnswer & { down: boolean } = await listProducts(catalogQuery(state, PAGE_SIZE))
    .then((r) => ({ ...r, down: false }))
    .catch((e: unknown) => {
      if (e instanceof ServiceUnavailableError) return { items: [] as Product[], page, pageSize: PAGE_SIZE, total: 0, down: true };
      throw e;
    });
  const sellers = await sellerNames([...result.items.map((p) => p.sellerId), ...(sellerId ? [sellerId] : [])]);
  const showMine = session?.role === 'seller' && sellerId !== session.userId;
  const facets = result.facets;
  const counted = (label: string, n: number | undefined) => (n === undefined ? label : fmt(t.catalog.withCount, { label, n }));
  const sortLabels: Record<ProductSort, string> = {
    relevance: t.catalog.relevance, newest: t.catalog.newest, price_asc: t.catalog.priceAsc, price_desc: t.catalog.priceDesc, rating: t.catalog.rating,
  };
  // The sellers the counts name, and the one chosen even when it has no match under the other filters.
  const sellerOptions = [...(facets?.sellers ?? [])];
  if (sellerId && !sellerOptions.some((o) => o.id === sellerId)) sellerOptions.push({ id: sellerId, name: sellers.get(sellerId) || `#${sellerId}`, count: 0 });
  const params = catalogParams(state);
  const clearHref = catalogHref({ ...params, ...Object.fromEntries(FILTER_PARAMS.map((k) => [k, undefined])), page: undefined });

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
      <CatalogFilters
        values={{
          q: state.q, category: state.category, state: state.state, minPrice: params.minPrice ?? '', maxPrice: params.maxPrice ?? '',
          inStock: state.inStock ? '1' : '', sellerId: params.sellerId ?? '', sort: params.sort ?? '',
        }}
        labels={{
          search: t.catalog.search, category: t.catalog.category, condition: t.catalog.condition, seller: t.catalog.seller,
          minPrice: t.catalog.minPrice, maxPrice: t.catalog.maxPrice, sort: t.catalog.sort, apply: t.catalog.apply, filters: t.catalog.filters,
          filtersActive: t.filtersFold.active,
        }}
        categories={[{ value: '', label: t.catalog.allCategories }, ...CATEGORIES.map((c) => ({ value: c.slug, label: c[locale] }))]}
        states={[
          { value: '', label: t.catalog.anyCondition },
          ...PRODUCT_STATES.map((s) => ({ value: s, label: counted(STATE_LABELS[s][locale], facets?.state[s]) })),
        ]}
        sellers={[
          { value: '', label: t.catalog.anySeller },
          ...sellerOptions.map((o) => ({ value: String(o.id), label: counted(o.name || `#${o.id}`, o.count) })),
        ]}
        sorts={CATALOG_SORTS.map((s) => ({ value: s, label: sortLabels[s] }))}
        inStockLabel={counted(t.catalog.inStock, facets?.inStock)}
      />
      {/* drawn only with a chip in it: an empty row would push the products down */}
      {(showMine || hasFilters(state)) && (
        <p className="row">
          {showMine && <Link className="chip" href={`/?sellerId=${session.userId}`}>{t.catalog.mine}</Link>}
          {hasFilters(state) && <Link className="chip" href={clearHref}>{t.catalog.clearFilters} ✕</Link>}
        </p>
      )}
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
      <Pager page={page} pageSize={PAGE_SIZE} total={result.total} params={{ ...params, page: undefined }} t={t} />
    </>
  );
}
