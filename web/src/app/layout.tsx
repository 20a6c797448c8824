import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { getDict } from '@/lib/i18n';
import { isAuthUnavailable } from '@/lib/session';
import { fmt } from '@/lib/template';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getDict();
  return { title: { template: 'Marketshare | %s', default: 'Marketshare' }, description: t.meta.description };
}
export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#111827' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ t, locale }, authDown] = await Promise.all([getDict(), isAuthUnavailable()]);
  return (
    <html lang={locale === 'es' ? 'es-AR' : 'en'}>
      <body>
        <SiteHeader />
        <main id="content">
          {authDown && <p className="banner banner-warn" role="status">{t.banner.authDown}</p>}
          {children}
        </main>
        <footer className="site-footer">
          <p>{t.footer.tagline}</p>
          <p>{fmt(t.footer.rights, { year: new Date().getFullYear() })}</p>
        </footer>
      </body>
    </html>
  );
}
