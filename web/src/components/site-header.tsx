import Link from 'next/link';
import { logout, setLanguage } from '@/app/actions/session';
import { getMe } from '@/lib/api/users';
import { formatMoney } from '@/lib/format';
import { getDict } from '@/lib/i18n';
import type { Locale } from '@/lib/i18n';
import { slot } from '@/lib/personal-slots';
import { getSession, type Session } from '@/lib/session';
import { HeaderOffset } from './header-offset';
import { LogoIcon } from './icons';

/** The consumer's balance as the badge shows it; a failure to read it only hides the badge. */
async function balanceBadge(session: Session | null, locale: Locale): Promise<string | null> {
  if (session?.role !== 'consumer') return null;
  if (session.shared) return slot('balance');
  const me = await getMe().catch(() => null);
  return me?.balance ? formatMoney(me.balance.amount, me.balance.currency, locale) : null;
}

export async function SiteHeader() {
  const [{ t, locale }, session] = await Promise.all([getDict(), getSession()]);
  const balance = await balanceBadge(session, locale);

  return (
    <header className="site-header">
      <HeaderOffset />
      <a className="skip" href="#content">{t.nav.skip}</a>
      <div className="bar">
        <Link href="/" className="logo"><LogoIcon /> marketshare</Link>
        <nav className="main-nav" aria-label="Main">
          <Link href="/">{t.nav.products}</Link>
          {session && <Link href="/orders">{t.nav.orders}</Link>}
          <Link href={`/directory?role=${session?.role === 'seller' ? 'consumer' : 'seller'}`}>
            {session?.role === 'seller' ? t.nav.consumers : t.nav.sellers}
          </Link>
          {session?.role === 'seller' && <Link href="/products/new">{t.nav.newProduct}</Link>}
        </nav>
        <div className="header-tools">
          <form action={setLanguage} className="lang-switch" aria-label={t.nav.language}>
            <button name="lang" value="es" aria-pressed={locale === 'es'} lang="es" title="Español">ES</button>
            <button name="lang" value="en" aria-pressed={locale === 'en'} lang="en" title="English">EN</button>
          </form>
          {session ? (
            <details className="user-menu">
              {/* named by what it shows (WCAG's label in name): "Account:" for screen readers, then the name and balance */}
              <summary>
                <span className="visually-hidden">{t.nav.account}: </span>
                <span>{session.username}</span>
                {session.role === 'seller' ? (
                  <span className="role-badge">{t.nav.seller}</span>
                ) : balance ? (
                  <span className="balance" title={t.nav.balance}>{balance}</span>
                ) : null}
              </summary>
              <div className="menu">
                <Link href="/profile">{t.nav.profile}</Link>
                <Link href="/orders">{t.nav.orders}</Link>
                {session.role === 'consumer' && <Link href="/profile/wallet#funds">{t.nav.addFunds}</Link>}
                {session.role === 'seller' && <Link href="/products/new">{t.nav.newProduct}</Link>}
                <form action={logout}><button type="submit">{t.nav.logout}</button></form>
              </div>
            </details>
          ) : (
            <>
              <Link href="/login">{t.nav.login}</Link>
              <Link href="/register" className="btn btn-small">{t.nav.register}</Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
