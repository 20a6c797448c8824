import type { Locale, OwnUser, PublicUser, Role } from '@marketshare/contracts';
import { CURRENCY } from './balance.js';

/** A user as read from the database, joined with its country, organization, bank and balance. */
export interface UserRecord {
  id: number;
  username: string;
  email: string;
  role: Role;
  locale: Locale;
  registeredAt: Date;
  countryCode: string;
  countryNameEs: string;
  countryNameEn: string;
  organizationId: number;
  organizationName: string;
  bankId: number | null;
  bankName: string | null;
  balance: number | null;
}

export const countryName = (names: { nameEs: string; nameEn: string }, locale: Locale) =>
  locale === 'en' ? names.nameEn : names.nameEs;

/** What anyone may see of a person: no e-mail, bank or balance. */
export function publicView(u: UserRecord, locale: Locale): PublicUser {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    country: { code: u.countryCode, name: countryName({ nameEs: u.countryNameEs, nameEn: u.countryNameEn }, locale) },
    organization: { id: u.organizationId, name: u.organizationName },
    registeredAt: u.registeredAt.toISOString(),
  };
}

/**
 * What a person sees of themselves, with their bank (where a consumer's funds come from and where anyone's
 * withdrawals go) and their balance (a seller's holds their proceeds, zero until the first sale).
 */
export function ownView(u: UserRecord, locale: Locale = u.locale): OwnUser {
  return {
    ...publicView(u, locale),
    email: u.email,
    bank: u.bankId !== null && u.bankName !== null ? { id: u.bankId, name: u.bankName } : null,
    balance: { amount: u.balance ?? 0, currency: CURRENCY },
    locale: u.locale,
  };
}
