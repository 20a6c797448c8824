import { Type, type Static } from '@sinclair/typebox';
import { LOCALES, ROLES } from '../vocabularies.js';
import { Id, Money, Named, Nullable, oneOf, Pagination } from './common.js';

// The users service: accounts, profiles, the consumer balance and the reference lists; and what other services
// ask it over /internal.

/** bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused instead. */
export const MAX_PASSWORD_BYTES = 72;
/** The largest single top-up: 100,000,000.00 ARS. */
export const MAX_TOP_UP = 10_000_000_000;

export const RoleField = oneOf(ROLES);
export const LocaleField = oneOf(LOCALES, 'Language of e-mails and names: en or es');
export const Username = Type.String({
  minLength: 3,
  maxLength: 32,
  pattern: '^[A-Za-z0-9_.-]+$',
  description: 'Letters, digits, dot, dash and underscore; unique regardless of case',
});
/**
 * A username's one canonical form: trimmed, lower-case, and within the registration pattern; undefined for a name
 * no account can have. Accounts are stored, found and rate-limited by this form, never by a collation's folding
 * (which would also match trailing spaces and accented variants).
 */
export function canonicalUsername(raw: string): string | undefined {
  if (raw.length > 256) return undefined;
  const name = raw.trim().toLowerCase();
  return /^[a-z0-9_.-]{3,32}$/.test(name) ? name : undefined;
}
// bytes are checked in the handler too; this bounds the characters before any work is done
export const Password = Type.String({ minLength: 8, maxLength: MAX_PASSWORD_BYTES });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const CountryCode = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 code' });
/** An organization or bank name: some visible text, no control characters. */
export const OrganizationName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[^\\u0000-\\u001F\\u007F]*\\S[^\\u0000-\\u001F\\u007F]*$',
});
export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleField) });

export const CountryRef = Type.Object({ code: Type.String(), name: Type.String() });
/** Anybody's profile as guests and other people see it: never an e-mail, bank or balance. */
export const PublicUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: RoleField,
  country: CountryRef,
  organization: Named,
  registeredAt: Type.String({ format: 'date-time' }),
});
export type PublicUser = Static<typeof PublicUser>;
/** The signed-in person's own account. */
export const OwnUser = Type.Object({
  ...PublicUser.properties,
  email: Type.String(),
  bank: Nullable(Named),
  balance: Nullable(Money),
  locale: LocaleField,
});
export type OwnUser = Static<typeof OwnUser>;
/** GET /api/users/{id}: the full account when it is the caller's own, the public profile otherwise. */
export const UserProfile = Type.Union([OwnUser, PublicUser]);
export type UserProfile = Static<typeof UserProfile>;

export const RegistrationBody = Type.Object(
  {
    username: Username,
    password: Password,
    email: Email,
    role: RoleField,
    country: CountryCode,
    organization: OrganizationName,
    bank: Type.Optional(OrganizationName),
    locale: Type.Optional(LocaleField),
  },
  { additionalProperties: false },
);
export type RegistrationBody = Static<typeof RegistrationBody>;
export const ProfileUpdateBody = Type.Object(
  {
    email: Type.Optional(Email),
    country: Type.Optional(CountryCode),
    organization: Type.Optional(OrganizationName),
    bank: Type.Optional(Type.Union([OrganizationName, Type.Null()], { description: 'Where withdrawals go (and a consumer’s funds come from); null removes it' })),
    locale: Type.Optional(LocaleField),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;
export const PasswordChangeBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Password },
  { additionalProperties: false },
);
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;
export const PasswordResetRequestBody = Type.Object(
  { login: Type.String({ minLength: 1, maxLength: 254, description: 'The username or the e-mail address of the account' }) },
  { additionalProperties: false },
);
export type PasswordResetRequestBody = Static<typeof PasswordResetRequestBody>;
/** The same words whether or not an account answers to the login. */
export const PasswordResetAccepted = Type.Object({ message: Type.String() });
export const PasswordResetBody = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }), newPassword: Password },
  { additionalProperties: false },
);
export type PasswordResetBody = Static<typeof PasswordResetBody>;
export const TopUpBody = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: MAX_TOP_UP, description: 'Minor units (centavos) to add' }) },
  { additionalProperties: false },
);
export const DirectoryQuery = Type.Object({
  ...Pagination.properties,
  role: Type.Optional(RoleField),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of a username or of an organization’s name' })),
  locale: Type.Optional(LocaleField),
});

export const Country = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), nameEs: Type.String() });
export type Country = Static<typeof Country>;
export const NamesQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Start of the name' })),
});

// /internal, for other services only

export const CredentialsBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
/** The person whose password auth has just had confirmed. */
export const VerifiedUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: RoleField,
  locale: LocaleField,
  email: Type.String(),
});
export type VerifiedUser = Static<typeof VerifiedUser>;
/** A person's contact details, for the e-mails other services send them. */
export const ContactDetails = Type.Object({ ...VerifiedUser.properties, organization: Named, country: CountryRef });
export type ContactDetails = Static<typeof ContactDetails>;
export const DebitBody = Type.Object(
  {
    orderId: Id,
    consumerId: Id,
    // zero is a real total: a 1-centavo price at the 70% maximum discount rounds to nothing
    amount: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Order total in minor units' }),
  },
  { additionalProperties: false },
);
export type DebitBody = Static<typeof DebitBody>;
export const RefundBody = Type.Object({ orderId: Id, consumerId: Id }, { additionalProperties: false });
export type RefundBody = Static<typeof RefundBody>;
export const BalanceAnswer = Type.Object({ balance: Type.Integer() });
/** An order delivered: its escrowed charge goes to its seller, less the marketplace fee. */
export const SettleBody = Type.Object({ orderId: Id, sellerId: Id }, { additionalProperties: false });
export type SettleBody = Static<typeof SettleBody>;
export const Settlement = Type.Object({
  balance: Type.Integer({ description: 'The seller’s balance after the proceeds' }),
  proceeds: Type.Integer(),
  fee: Type.Integer(),
});
export type Settlement = Static<typeof Settlement>;

// The ledger as its owner sees it

export const LEDGER_KINDS = ['TOPUP', 'DEBIT', 'REFUND', 'SALE', 'FEE', 'WITHDRAWAL'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const StatementQuery = Type.Object(
  {
    ...Pagination.properties,
    from: Type.Optional(Type.String({ format: 'date', description: 'First day included (UTC), YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day included (UTC), YYYY-MM-DD' })),
    kind: Type.Optional(oneOf(LEDGER_KINDS, 'Only movements of this kind')),
  },
  { additionalProperties: false },
);
export type StatementQuery = Static<typeof StatementQuery>;
/**
 * One movement of the person's money, newest first. `amount` is signed as it moved their balance (a FEE moves
 * nothing of theirs: it names what the platform kept of a sale, so its `amount` is what was kept and `change` is 0).
 */
export const StatementEntry = Type.Object({
  id: Type.Integer(),
  kind: oneOf(LEDGER_KINDS),
  amount: Type.Integer(),
  change: Type.Integer({ description: 'What the movement did to the balance (signed)' }),
  balanceAfter: Type.Integer({ description: 'Running balance after this movement' }),
  orderId: Nullable(Type.Integer()),
  withdrawalId: Nullable(Type.Integer()),
  bank: Nullable(Type.String({ description: 'The bank a withdrawal went to' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export type StatementEntry = Static<typeof StatementEntry>;
export const Statement = Type.Object({
  items: Type.Array(StatementEntry),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  balance: Money,
});
export type Statement = Static<typeof Statement>;
export const WithdrawalBody = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: 10_000_000_000, description: 'Minor units' }) },
  { additionalProperties: false },
);
export type WithdrawalBody = Static<typeof WithdrawalBody>;
export const Withdrawal = Type.Object({
  id: Type.Integer(),
  amount: Type.Integer(),
  bank: Named,
  balance: Money,
});
export type Withdrawal = Static<typeof Withdrawal>;
