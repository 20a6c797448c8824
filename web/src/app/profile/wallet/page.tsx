import type { Metadata } from 'next';
import Link from 'next/link';
import { FundsForm } from '@/components/profile-forms';
import { ProfileSections, profileSectionTitle } from '@/components/profile-sections';
import { StatementTable } from '@/components/statement-table';
import { WithdrawForm } from '@/components/wallet-forms';
import { getMe, getStatement } from '@/lib/api/users';
import { formatMoney } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { requireUser } from '@/lib/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: profileSectionTitle((await getDict()).t, 'wallet') };
}

const LATEST = 5;

/** The person's money: the balance, adding funds (a consumer), withdrawing to their bank, the latest movements. */
export default async function WalletPage() {
  const session = await requireUser('/profile/wallet');
  const { t, locale } = await getDict();
  const [me, statement] = await Promise.all([getMe(), getStatement({ page: 1, pageSize: LATEST })]);
  const { amount, currency } = statement.balance;

  return (
    <>
      <ProfileSections current="wallet" t={t} />
      <div className="two-col">
        {session.role === 'consumer' ? (
          <section className="panel" id="funds" aria-labelledby="funds-title">
            <h2 id="funds-title">{t.profile.funds}</h2>
            <FundsForm balance={amount} currency={currency} bank={me.bank?.name ?? ''} locale={locale}
              idempotencyKey={crypto.randomUUID()} labels={t.profile} />
          </section>
        ) : (
          <section className="panel" aria-labelledby="balance-title">
            <h2 id="balance-title">{t.wallet.balance}</h2>
            <p className="wallet-balance">{formatMoney(amount, currency, locale)}</p>
          </section>
        )}
        <section className="panel" id="withdraw" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t.wallet.withdraw}</h2>
          {me.bank ? (
            <>
              <p className="small muted">{fmt(t.wallet.withdrawTo, { bank: me.bank.name })}</p>
              <WithdrawForm idempotencyKey={crypto.randomUUID()} labels={t.wallet} />
            </>
          ) : <p><Link href="/profile/settings#edit-title">{t.wallet.needBank}</Link></p>}
        </section>
      </div>
      <section className="panel" aria-labelledby="latest-title">
        <h2 id="latest-title">{t.profileSections.latest}</h2>
        <StatementTable items={statement.items} currency={currency} t={t} locale={locale} />
        <p className="mb-0"><Link href="/profile/statement">{t.profileSections.allMovements}</Link></p>
      </section>
    </>
  );
}
