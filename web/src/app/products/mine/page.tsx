import type { Metadata } from 'next';
import Link from 'next/link';
import { LOW_STOCK_THRESHOLD } from '@marketshare/contracts';
import { Pager } from '@/components/pager';
import { ProductTable } from '@/components/product-table';
import { listProducts } from '@/lib/api/products';
import { fmt, getDict } from '@/lib/i18n';
import { pageParam } from '@/lib/page-param';
import { requireUser } from '@/lib/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.sellerProducts.title };
}

const PAGE_SIZE = 20;

/** A seller's own products, paged, newest first, with low and zero stock marked. */
export default async function MyProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireUser('/products/mine', 'seller');
  const [{ t, locale }, sp] = await Promise.all([getDict(), searchParams]);
  const page = pageParam(sp.page);
  const products = await listProducts({ sellerId: session.userId, page, pageSize: PAGE_SIZE });
  return (
    <>
      <div className="spread">
        <h1>{t.sellerProducts.title}</h1>
        <Link className="btn" href="/products/new">{t.form.createTitle}</Link>
      </div>
      <section className="panel">
        <p className="muted small">{fmt(t.sellerProducts.legend, { n: LOW_STOCK_THRESHOLD })} · {fmt(t.catalog.results, { n: products.total })}</p>
        <ProductTable items={products.items} t={t} locale={locale} markLowStock />
        <Pager page={page} pageSize={PAGE_SIZE} total={products.total} params={{}} t={t} path="/products/mine" />
      </section>
    </>
  );
}
