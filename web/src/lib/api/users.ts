import 'server-only';
import {
  usersApi as api, type Locale, type ProfileUpdateBody, type RegistrationBody, type Role, type StatementQuery, type UserProfile,
} from '@marketshare/contracts';
import { MicroCache } from '@marketshare/microcache';
import { call } from './http';

export const getMe = () => call(api.me);
export const getUser = (id: number) => call(api.get, { params: { id } });
export const listUsers = (role: Role, locale: Locale, page = 1, pageSize = 24, q?: string) =>
  call(api.list, { query: { role, locale, page, pageSize, q } });

export const listCountries = (locale: Locale) => call(api.countries, { query: { locale } });
export const listBanks = () => call(api.banks);

/**
 * Registration is limited per client and caller address: the person's address (see personAddress) goes along, so
 * that everyone registering through this one server is not counted as one caller.
 */
export const registerUser = (r: RegistrationBody, personAddress?: string) =>
  call(api.register, { body: r, ...(personAddress && { headers: { 'x-forwarded-for': personAddress } }) });
export const updateMe = (patch: ProfileUpdateBody) => call(api.updateMe, { body: patch });
export const changePassword = (currentPassword: string, newPassword: string) =>
  call(api.changePassword, { body: { currentPassword, newPassword } });
export const addFunds = (amount: number, idempotencyKey?: string) =>
  call(api.addFunds, { body: { amount }, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} });

export const getStatement = (query: StatementQuery) => call(api.statement, { query });
/** The statement as CSV bytes, exactly as users wrote them. */
export const getStatementCsv = (query: StatementQuery) => call(api.statementCsv, { query });
export const withdraw = (amount: number, idempotencyKey?: string) =>
  call(api.withdraw, { body: { amount }, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} });
/** Asked for the person's address (see personAddress): users limits reset requests per address. */
export const requestPasswordReset = (login: string, personAddress?: string) =>
  call(api.requestPasswordReset, { body: { login }, authorization: null, ...(personAddress && { headers: { 'x-forwarded-for': personAddress } }) });
export const resetPassword = (token: string, newPassword: string) =>
  call(api.resetPassword, { body: { token, newPassword }, authorization: null });

// Public profiles change rarely and cards show many of them: keep each for a minute in this process.
// Public profiles are open to guests; asked anonymously so the cached copy never holds anyone's own view.
const publicProfiles = new MicroCache(60_000, 5000);
export function getPublicUser(id: number, locale: Locale = 'es'): Promise<UserProfile | null> {
  return publicProfiles
    .remember(`${id}:${locale}`, () => call(api.get, { params: { id }, query: { locale }, authorization: null }))
    .catch(() => null);
}
/** Organization names of several sellers, for product cards. */
export async function sellerNames(ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((id) => getPublicUser(id)));
  return new Map(unique.map((id, i) => [id, users[i]?.organization?.name ?? users[i]?.username ?? '']));
}
