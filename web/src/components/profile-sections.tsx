import Link from 'next/link';
import type { Dict } from '@/lib/dictionaries';

/** The profile's sections, each a page of its own that a link or an e-mail can lead to directly. */
export const PROFILE_SECTIONS = {
  overview: '/profile',
  wallet: '/profile/wallet',
  statement: '/profile/statement',
  settings: '/profile/settings',
} as const;
export type ProfileSection = keyof typeof PROFILE_SECTIONS;

/** A section's page title: the overview keeps the profile's own. */
export const profileSectionTitle = (t: Dict, section: ProfileSection) =>
  section === 'overview' ? t.profile.title : `${t.profileSections[section]} · ${t.profile.title}`;

/** The profile's heading and its sections as plain links (no script needed), the current one marked. */
export function ProfileSections({ current, t }: { current: ProfileSection; t: Dict }) {
  return (
    <>
      <h1>{t.profile.title}</h1>
      <nav className="tabs profile-tabs" aria-label={t.profileSections.label}>
        {Object.entries(PROFILE_SECTIONS).map(([section, href]) => (
          <Link key={section} href={href} aria-current={section === current ? 'page' : undefined}>
            {t.profileSections[section as ProfileSection]}
          </Link>
        ))}
      </nav>
    </>
  );
}
