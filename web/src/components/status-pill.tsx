import type { Locale } from '@/lib/i18n';
import { statusInfo } from '@/lib/vocab';

export function StatusPill({ status, locale }: { status: string; locale: Locale }) {
  const { label, tone } = statusInfo(status, locale);
  return <span className={`pill tone-${tone}`} data-status={status}>{label}</span>;
}
