import type { EmailMessageInput, Locale, Role } from '@marketshare/contracts';
import { CURRENCY } from './balance.js';

// The e-mails the users service announces (docs/design.md §4); links point at the public site, never a fixed host.

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

export function accountNewMessage(user: { username: string; email: string; role: Role; locale: Locale }, publicUrl: string): EmailMessageInput {
  return {
    type: 'ACCOUNT_NEW',
    locale: user.locale,
    to: { email: user.email, name: user.username },
    accountType: user.role,
    loginUrl: `${base(publicUrl)}/login`,
  };
}

/** A withdrawal to the person's bank, told to them so one they did not make does not go unnoticed. */
export function withdrawalMessage(
  user: { username: string; email: string; locale: Locale },
  made: { id: number; amount: number; bank: { name: string }; balance: number },
  publicUrl: string,
): EmailMessageInput {
  return {
    type: 'WITHDRAWAL_MADE',
    locale: user.locale,
    to: { email: user.email, name: user.username },
    withdrawal: { id: made.id, amount: made.amount, currency: CURRENCY, bank: made.bank.name, balanceAfter: made.balance },
    statementUrl: `${base(publicUrl)}/profile/statement`,
  };
}

/** A "forgot my password" link, to the account's own address only. */
export function passwordResetMessage(
  user: { username: string; email: string; locale: Locale },
  token: string,
  expiresAt: Date,
  publicUrl: string,
): EmailMessageInput {
  return {
    type: 'PASSWORD_RESET',
    locale: user.locale,
    to: { email: user.email, name: user.username },
    resetUrl: `${base(publicUrl)}/reset-password?token=${encodeURIComponent(token)}`,
    expiresAt: expiresAt.toISOString(),
  };
}

export type AccountChange = 'email' | 'password' | 'profile';

export function accountChangedMessage(
  user: { username: string; email: string; locale: Locale },
  changes: AccountChange[],
  publicUrl: string,
): EmailMessageInput {
  return {
    type: 'ACCOUNT_CHANGED',
    locale: user.locale,
    to: { email: user.email, name: user.username },
    changes,
    profileUrl: `${base(publicUrl)}/profile/settings`,
  };
}

export interface EditableProfile {
  email: string;
  countryCode: string;
  organizationId: number;
  bankId: number | null;
  locale: Locale;
}

/** What a profile update changed, in the words of the ACCOUNT_CHANGED message; empty when nothing did. */
export function profileChanges(before: EditableProfile, after: EditableProfile): AccountChange[] {
  const changes: AccountChange[] = [];
  if (before.email !== after.email) changes.push('email');
  if (
    before.countryCode !== after.countryCode ||
    before.organizationId !== after.organizationId ||
    before.bankId !== after.bankId ||
    before.locale !== after.locale
  )
    changes.push('profile');
  return changes;
}
