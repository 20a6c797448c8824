import type { Metadata } from 'next';
import { LEDGER_KINDS } from '@marketshare/contracts';
import { Pager } from '@/components/pager';
import { ProfileSections, profileSectionTitle } from '@/components/profile-sections';
import { StatementTable } from '@/components/statement-table';
import { getStatement } from '@/lib/api/users';
import { formatMoney } from '@/lib/format';
import { getDict } from '@/lib/i18n';
import { pageParam } from '@/lib/page-param';
import { requireUser } from '@/lib/session';
import { statementFilters } from './query';

export async function generateMetadata(): Promise<Metadata> {
  return { title: profileSectionTitle((await getDict()).t, 'statement') };
}

type Search = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 20;

/** Every movement of the person's money, filtered by dates and kind, paged, and as CSV; withdrawing is on the wallet. */
export default async function StatementPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireUser('/profile/statement');
  const [{ t, locale }, sp] = await Promise.all([getDict(), searchParams]);
  const filters = statementFilters(sp);
  const page = pageParam(sp.page);
  const statement = await getStatement({ ...filters, page, pageSize: PAGE_SIZE });
  const currency = statement.balance.currency;
  const csv = `/profile/statement/csv?${new URLSearchParams(filters as Record<string, string>)}`;

  return (
    <>
      <ProfileSections current="statement" t={t} />
      <section className="panel" aria-labelledby="statement-title">
        <div className="spread">
          <h2 id="statement-title">{t.wallet.statement}</h2>
          <p className="m0">{t.wallet.balance}: <strong data-testid="wallet-balance">{formatMoney(statement.balance.amount, currency, locale)}</strong></p>
        </div>
        <form className="row" method="get" action="/profile/statement">
          <label>{t.wallet.from} <input type="date" name="from" defaultValue={filters.from} /></label>
          <label>{t.wallet.to} <input type="date" name="to" defaultValue={filters.to} /></label>
          <label>{t.wallet.kind}{' '}
            <select name="kind" defaultValue={filters.kind ?? ''}>
              <option value="">{t.wallet.allKinds}</option>
              {LEDGER_KINDS.map((k) => <option key={k} value={k}>{t.wallet.kinds[k]}</option>)}
            </select>
          </label>
          <button className="btn btn-secondary btn-small" type="submit">{t.wallet.filter}</button>
          <a className="btn btn-secondary btn-small" href={csv} download>{t.wallet.csv}</a>
        </form>
        <StatementTable items={statement.items} currency={currency} t={t} locale={locale} />
        <Pager page={page} pageSize={PAGE_SIZE} total={statement.total} params={{ ...filters }} t={t} path="/profile/statement" />
      </section>
    </>
  );
}
