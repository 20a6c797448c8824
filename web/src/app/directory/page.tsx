import type { Metadata } from 'next';
import Link from 'next/link';
import { Pager } from '@/components/pager';
import { listUsers } from '@/lib/api/users';
import { formatDate } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { pageParam } from '@/lib/page-param';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.directory.title };
}

export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ t, locale }, sp] = await Promise.all([getDict(), searchParams]);
  const role = sp.role === 'consumer' ? 'consumer' : 'seller';
  const page = pageParam(sp.page);
  const pageSize = 24;
  const users = await listUsers(role, locale, page, pageSize);
  const who = role === 'seller' ? t.directory.sellers : t.directory.consumers;

  return (
    <>
      <h1>{t.directory.title}</h1>
      <nav className="tabs" aria-label={t.directory.show}>
        <Link href="/directory?role=seller" aria-current={role === 'seller' ? 'page' : undefined}>{t.directory.sellers}</Link>
        <Link href="/directory?role=consumer" aria-current={role === 'consumer' ? 'page' : undefined}>{t.directory.consumers}</Link>
      </nav>
      {users.items.length === 0 ? (
        <div className="empty panel"><p><strong>{fmt(t.directory.empty, { who: who.toLowerCase() })}</strong></p></div>
      ) : (
        <ul className="cards">
          {users.items.map((u) => (
            <li key={u.id}>
              <article className="card">
                <div className="body">
                  <div className="spread">
                    <h2>{role === 'seller' ? <Link href={`/?sellerId=${u.id}`}>{u.username}</Link> : u.username}</h2>
                    <span className={`pill ${u.role === 'seller' ? 'tone-blue' : 'tone-green'}`}>
                      {u.role === 'seller' ? t.directory.seller : t.directory.consumer}
                    </span>
                  </div>
                  <dl className="kv">
                    <dt>{t.directory.organization}</dt><dd>{u.organization?.name}</dd>
                    <dt>{t.directory.country}</dt><dd>{u.country?.name}</dd>
                    <dt>{t.directory.registered}</dt><dd>{formatDate(u.registeredAt, locale)}</dd>
                  </dl>
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pageSize={pageSize} total={users.total} params={{ role }} t={t} path="/directory" />
    </>
  );
}
