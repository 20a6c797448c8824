import type { Metadata } from 'next';
import Link from 'next/link';
import { ResetPasswordForm } from '@/components/wallet-forms';
import { getDict } from '@/lib/i18n';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.reset.title };
}

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ t }, sp] = await Promise.all([getDict(), searchParams]);
  const token = typeof sp.token === 'string' ? sp.token : '';
  return (
    <div className="auth-box">
      <section className="panel">
        <h1>{t.reset.title}</h1>
        {token ? <ResetPasswordForm token={token} labels={t.reset} /> : <p>{t.reset.invalid}</p>}
        <p><Link href="/forgot-password">{t.reset.again}</Link> · <Link href="/login">{t.reset.toLogin}</Link></p>
      </section>
    </div>
  );
}
