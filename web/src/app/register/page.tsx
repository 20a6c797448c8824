import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RegisterForm } from '@/components/register-form';
import { listBanks, listCountries } from '@/lib/api/users';
import { getDict } from '@/lib/i18n';
import { getSession } from '@/lib/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getDict()).t.register.title };
}

export default async function RegisterPage() {
  const [{ t, locale }, session] = await Promise.all([getDict(), getSession()]);
  if (session) redirect('/?notice=alreadySignedIn');
  const lists = await Promise.all([listCountries(locale), listBanks()]).catch(() => null);
  return (
    <div className="register-box">
      <h1>{t.register.title}</h1>
      {!lists ? (
        <div className="banner banner-bad" role="alert">
          <span>{t.register.listsError}</span>
          <Link href="/register">{t.register.retry}</Link>
        </div>
      ) : (
        <section className="panel">
          <RegisterForm
            countries={lists[0].map((c) => ({ value: c.code, label: c.name }))}
            banks={lists[1].map((b) => ({ value: b.name, label: b.name }))}
            defaultCountry={lists[0].some((c) => c.code === 'AR') ? 'AR' : ''}
            labels={{ ...t.register, passwordCleared: t.validation.passwordCleared }}
          />
        </section>
      )}
      <p>{t.register.haveAccount} <Link href="/login">{t.register.loginLink}</Link></p>
    </div>
  );
}
