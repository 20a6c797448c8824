import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotPasswordForm } from '@/components/wallet-forms';
import { getDict } from '@/lib/i18n';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.reset.forgotTitle };
}

export default async function ForgotPasswordPage() {
  const { t } = await getDict();
  return (
    <div className="auth-box">
      <section className="panel">
        <h1 style={{ marginBottom: 0 }}>{t.reset.forgotTitle}</h1>
        <p className="muted">{t.reset.forgotText}</p>
        <ForgotPasswordForm labels={t.reset} />
        <p><Link href="/login">{t.reset.toLogin}</Link></p>
      </section>
    </div>
  );
}
