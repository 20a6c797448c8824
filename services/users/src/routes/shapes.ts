import { LOCALES, ROLES, type Locale, type Role } from '@marketshare/contracts';
import { Type } from '@marketshare/service-kit';
import { MAX_PASSWORD_BYTES } from '../domain/passwords.js';

// Field rules shared by the users routes, and the shapes of what they answer.

/** A string from a fixed list; one `enum` keyword gives one clear error instead of a union's several. */
const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

export const RoleField = oneOf<Role>(ROLES);
export const LocaleField = oneOf<Locale>(LOCALES, 'Language of e-mails and names: en or es');
export const Username = Type.String({
  minLength: 3,
  maxLength: 32,
  pattern: '^[A-Za-z0-9_.-]+$',
  description: 'Letters, digits, dot, dash and underscore; unique regardless of case',
});
// bytes are checked in the handler too; this bounds the characters before any work is done
export const Password = Type.String({ minLength: 8, maxLength: MAX_PASSWORD_BYTES });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const CountryCode = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 code' });
/** An organization or bank name: some visible text, no control characters. */
export const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001F\\u007F]*\\S[^\\u0000-\\u001F\\u007F]*$' });
export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
/** Order totals are integers of minor units; kept within what JavaScript counts exactly. */
export const OrderAmount = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleField) });

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
const CountryRef = Type.Object({ code: Type.String(), name: Type.String() });
export const PublicUserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: RoleField,
  country: CountryRef,
  organization: Named,
  registeredAt: Type.String({ format: 'date-time' }),
});
export const OwnUserSchema = Type.Object({
  ...PublicUserSchema.properties,
  email: Type.String(),
  bank: Type.Union([Named, Type.Null()]),
  balance: Type.Union([Type.Object({ amount: Type.Integer(), currency: Type.String() }), Type.Null()]),
  locale: LocaleField,
});
export const NamedSchema = Named;
