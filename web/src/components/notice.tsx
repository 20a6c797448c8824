import type { Dict } from '@/lib/dictionaries';

const tones: Record<string, string> = {
  loginRequired: 'info', sellersOnly: 'warn', consumersOnly: 'warn', ownerOnly: 'warn', signedOut: 'ok', alreadySignedIn: 'info',
  created: 'ok', updated: 'ok', deleted: 'ok',
};

/** A message carried across a redirect in the `notice` query parameter; unknown keys are ignored. */
export function Notice({ notice, t }: { notice?: string | string[]; t: Dict }) {
  const key = typeof notice === 'string' ? notice : undefined;
  if (!key || !(key in tones)) return null;
  return (
    <p className={`banner banner-${tones[key]}`} role="status">
      {t.notice[key as keyof Dict['notice']]}
    </p>
  );
}
