import type { Metadata } from 'next';
import Link from 'next/link';
import { Pager } from '@/components/pager';
import type { SellerReputation } from '@marketshare/contracts';
import { getSellerReputations } from '@/lib/api/orders';
import { listUsers } from '@/lib/api/users';
import { formatDate, formatNumber } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { pageParam } from '@/lib/page-param';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.directory.title };
}

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/**
 * The public list of sellers (and of buyers), searched by part of a username or organization. Each seller links to
 * their storefront and shows the figures it shows, asked of orders in one call for the whole page.
 */
export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ t, locale }, sp] = await Promise.all([getDict(), searchParams]);
  const role = sp.role === 'consumer' ? 'consumer' : 'seller';
  const q = one(sp.q)?.trim().slice(0, 100) ?? '';
  const page = pageParam(sp.page);
  const pageSize = 24;
  const users = await listUsers(role, locale, page, pageSize, q || undefined);
  const sellerIds = role === 'seller' ? users.items.map((u) => u.id) : [];
  // Orders down: the directory still lists everyone, with the figures as unknown.
  const reputations = new Map<number, SellerReputation>(
    (await getSellerReputations(sellerIds).catch(() => [])).map((r) => [r.sellerId, r]),
  );
  const who = role === 'seller' ? t.directory.sellers : t.directory.consumers;
  const tab = (r: 'seller' | 'consumer') => `/directory?${new URLSearchParams({ role: r, ...(q && { q }) })}`;

  return (
    <>
      <h1>{t.directory.title}</h1>
      <nav className="tabs" aria-label={t.directory.show}>
        <Link href={tab('seller')} aria-current={role === 'seller' ? 'page' : undefined}>{t.directory.sellers}</Link>
        <Link href={tab('consumer')} aria-current={role === 'consumer' ? 'page' : undefined}>{t.directory.consumers}</Link>
      </nav>
      <form className="panel filters" role="search" action="/directory" method="get">
        <input type="hidden" name="role" value={role} />
        <div className="field">
          <label htmlFor="directory-q">{t.directory.search}</label>
          <input id="directory-q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <button className="btn" type="submit">{t.directory.searchButton}</button>
        {q && <Link className="chip" href={tab(role)}>{t.directory.clear}</Link>}
      </form>
      <p className="muted" aria-live="polite" data-testid="directory-total">{fmt(t.directory.results, { n: users.total })}</p>
      {users.items.length === 0 ? (
        <div className="empty panel"><p><strong>{fmt(t.directory.empty, { who: who.toLowerCase() })}</strong></p></div>
      ) : (
        <ul className="cards">
          {users.items.map((u) => {
            const rep = reputations.get(u.id);
            const name = u.organization?.name ?? u.username;
            return (
              <li key={u.id}>
                <article className="card" data-user-id={u.id}>
                  <div className="body">
                    <div className="spread">
                      <h2>
                        {role === 'seller'
                          ? <Link href={`/sellers/${u.id}`} aria-label={fmt(t.directory.visit, { name })}>{name}</Link>
                          : name}
                      </h2>
                      <span className={`pill ${u.role === 'seller' ? 'tone-blue' : 'tone-green'}`}>
                        {u.role === 'seller' ? t.directory.seller : t.directory.consumer}
                      </span>
                    </div>
                    <p className="small muted m0">{u.username}</p>
                    <dl className="kv">
                      <dt>{t.directory.country}</dt><dd>{u.country?.name}</dd>
                      <dt>{t.directory.registered}</dt><dd>{formatDate(u.registeredAt, locale)}</dd>
                      {role === 'seller' && (
                        <>
                          <dt>{t.directory.sales}</dt>
                          <dd data-testid="directory-sales">{rep ? formatNumber(rep.deliveredSales, locale) : '—'}</dd>
                          <dt>{t.directory.rating}</dt>
                          <dd>{rep?.rating.count ? formatNumber(rep.rating.average, locale) : '—'}</dd>
                        </>
                      )}
                    </dl>
                  </div>
                </article>
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={page} pageSize={pageSize} total={users.total} params={{ role, q: q || undefined }} t={t} path="/directory" />
    </>
  );
}
