import Link from 'next/link';
import { logout, setLanguage } from '@/app/actions/session';
import { getMe } from '@/lib/api/users';
import { formatMoney } from '@/lib/format';
import { getDict } from '@/lib/i18n';
import { getSession } from '@/lib/session';
import { LogoIcon } from './icons';

export async function SiteHeader() {
  const [{ t, locale }, session] = await Promise.all([getDict(), getSession()]);
  // The balance badge needs the consumer's own profile; a failure only hides the badge.
  const me = session?.role === 'consumer' ? await getMe().catch(() => null) : null;

  return (
    <header className="site-header">
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
              <summary aria-label={`${t.nav.account}: ${session.username}`}>
                <span>{session.username}</span>
                {session.role === 'seller' ? (
                  <span className="role-badge">{t.nav.seller}</span>
                ) : me?.balance ? (
                  <span className="balance" title={t.nav.balance}>{formatMoney(me.balance.amount, me.balance.currency, locale)}</span>
                ) : null}
              </summary>
              <div className="menu">
                <Link href="/profile">{t.nav.profile}</Link>
                <Link href="/orders">{t.nav.orders}</Link>
                {session.role === 'consumer' && <Link href="/profile#funds">{t.nav.addFunds}</Link>}
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
