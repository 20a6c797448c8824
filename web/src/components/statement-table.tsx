import Link from 'next/link';
import type { StatementEntry } from '@marketshare/contracts';
import type { Dict } from '@/lib/dictionaries';
import { formatDate, formatMoney } from '@/lib/format';
import type { Locale } from '@/lib/i18n';

/** Movements of the person's money, newest first: the wallet's latest ones and the statement's pages. */
export function StatementTable({ items, currency, t, locale }: { items: StatementEntry[]; currency: string; t: Dict; locale: Locale }) {
  const money = (n: number) => formatMoney(n, currency, locale);
  if (items.length === 0) return <p className="muted">{t.wallet.empty}</p>;
  return (
    <div className="table-wrap">
      <table className="data stack" data-testid="statement">
        <thead><tr>
          <th scope="col">{t.wallet.date}</th><th scope="col">{t.wallet.kind}</th><th scope="col">{t.wallet.order}</th>
          <th scope="col">{t.wallet.amount}</th><th scope="col">{t.wallet.balanceAfter}</th>
        </tr></thead>
        <tbody>
          {items.map((e) => (
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
  );
}
