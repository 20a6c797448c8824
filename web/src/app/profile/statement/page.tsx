import type { Metadata } from 'next';
import Link from 'next/link';
import { LEDGER_KINDS } from '@marketshare/contracts';
import { Pager } from '@/components/pager';
import { WithdrawForm } from '@/components/wallet-forms';
import { getMe, getStatement } from '@/lib/api/users';
import { formatDate, formatMoney } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { pageParam } from '@/lib/page-param';
import { requireUser } from '@/lib/session';
import { statementFilters } from './query';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.wallet.statement };
}

type Search = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 20;

export default async function StatementPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireUser('/profile/statement');
  const [{ t, locale }, sp] = await Promise.all([getDict(), searchParams]);
  const filters = statementFilters(sp);
  const page = pageParam(sp.page);
  const [me, statement] = await Promise.all([getMe(), getStatement({ ...filters, page, pageSize: PAGE_SIZE })]);
  const currency = statement.balance.currency;
  const money = (n: number) => formatMoney(n, currency, locale);
  const csv = `/profile/statement/csv?${new URLSearchParams(filters as Record<string, string>)}`;

  return (
    <>
      <h1>{t.wallet.title}</h1>
      <div className="two-col">
        <section className="panel" aria-labelledby="balance-title">
          <h2 id="balance-title">{t.wallet.balance}</h2>
          <p className="value" data-testid="wallet-balance" style={{ fontSize: '1.6rem', margin: 0 }}>{money(statement.balance.amount)}</p>
        </section>
        <section className="panel" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t.wallet.withdraw}</h2>
          {me.bank ? (
            <>
              <p className="small muted">{fmt(t.wallet.withdrawTo, { bank: me.bank.name })}</p>
              <WithdrawForm idempotencyKey={crypto.randomUUID()} labels={t.wallet} />
            </>
          ) : <p><Link href="/profile#edit-title">{t.wallet.needBank}</Link></p>}
        </section>
      </div>

      <section className="panel" style={{ marginTop: '1rem' }} aria-labelledby="statement-title">
        <h2 id="statement-title">{t.wallet.statement}</h2>
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
        {statement.items.length === 0 ? <p className="muted">{t.wallet.empty}</p> : (
          <div className="table-wrap">
            <table className="data stack" data-testid="statement">
              <thead><tr>
                <th scope="col">{t.wallet.date}</th><th scope="col">{t.wallet.kind}</th><th scope="col">{t.wallet.order}</th>
                <th scope="col">{t.wallet.amount}</th><th scope="col">{t.wallet.balanceAfter}</th>
              </tr></thead>
              <tbody>
                {statement.items.map((e) => (
                  <tr key={e.id} data-kind={e.kind}>
                    <td data-label={t.wallet.date}>{formatDate(e.createdAt, locale, true)}</td>
                    <td data-label={t.wallet.kind}>{t.wallet.kinds[e.kind]}{e.bank ? ` · ${e.bank}` : ''}</td>
                    <td data-label={t.wallet.order}>{e.orderId ? <Link href={`/orders/${e.orderId}`}>#{e.orderId}</Link> : ''}</td>
                    <td data-label={t.wallet.amount}>{e.change === 0 ? `(${money(e.amount)})` : money(e.change)}</td>
                    <td data-label={t.wallet.balanceAfter}>{money(e.balanceAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={statement.total} params={{ ...filters }} t={t} path="/profile/statement" />
      </section>
    </>
  );
}
