import type { Metadata } from 'next';
import { PasswordForm, ProfileForm } from '@/components/profile-forms';
import { ProfileSections, profileSectionTitle } from '@/components/profile-sections';
import { getMe, listCountries } from '@/lib/api/users';
import { getDict } from '@/lib/i18n';
import { requireUser } from '@/lib/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: profileSectionTitle((await getDict()).t, 'settings') };
}

/** What the person says about themselves (e-mail, country, company, bank, language) and their password. */
export default async function SettingsPage() {
  await requireUser('/profile/settings');
  const { t, locale } = await getDict();
  const [me, countries] = await Promise.all([getMe(), listCountries(locale).catch(() => [])]);

  return (
    <>
      <ProfileSections current="settings" t={t} />
      <div className="two-col">
        <section className="panel" aria-labelledby="edit-title">
          <h2 id="edit-title">{t.profile.edit}</h2>
          <ProfileForm withBank labels={t.profile}
            countries={countries.map((c) => ({ value: c.code, label: c.name }))}
            initial={{ email: me.email ?? '', country: me.country?.code ?? '', organization: me.organization?.name ?? '', bank: me.bank?.name ?? '', locale: me.locale }} />
        </section>
        <section className="panel" aria-labelledby="password-title">
          <h2 id="password-title">{t.profile.password}</h2>
          <PasswordForm labels={t.profile} />
        </section>
      </div>
    </>
  );
}
