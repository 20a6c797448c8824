import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/login-form';
import { Notice } from '@/components/notice';
import { getDict } from '@/lib/i18n';
import { getSession } from '@/lib/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.login.submit };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ t }, session, sp] = await Promise.all([getDict(), getSession(), searchParams]);
  if (session) redirect('/?notice=alreadySignedIn');
  const next = typeof sp.next === 'string' ? sp.next : '/';
  return (
    <div className="auth-box">
      <Notice notice={sp.notice} t={t} />
      <section className="panel">
        <h1 style={{ marginBottom: 0 }}>{t.login.title}</h1>
        <p className="muted">{t.login.subtitle}</p>
        <LoginForm next={next} labels={{ username: t.login.username, password: t.login.password, submit: t.login.submit }} />
        <p style={{ marginTop: '1rem' }}><Link href="/forgot-password">{t.login.forgot}</Link></p>
        <p>{t.login.noAccount} <Link href="/register">{t.login.createAccount}</Link></p>
      </section>
    </div>
  );
}
