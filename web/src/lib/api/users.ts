import 'server-only';
import { call } from './http';
import type { Country, Named, PageOf, User } from './types';

export const getMe = () => call<User>('users', '/api/users/me');
export const getUser = (id: number) => call<User>('users', `/api/users/${id}`);
export const listUsers = (role: 'consumer' | 'seller', locale: 'en' | 'es', page = 1, pageSize = 24) =>
  call<PageOf<User>>('users', '/api/users', { query: { role, locale, page, pageSize } });

export const listCountries = (locale: 'en' | 'es') =>
  call<Country[] | PageOf<Country>>('users', '/api/countries', { as: 'client', query: { locale } }).then(itemsOf);
export const listBanks = () => call<Named[] | PageOf<Named>>('users', '/api/banks', { as: 'client' }).then(itemsOf);
export const listOrganizations = () =>
  call<Named[] | PageOf<Named>>('users', '/api/organizations', { as: 'client' }).then(itemsOf);

export interface Registration {
  username: string;
  password: string;
  email: string;
  role: 'consumer' | 'seller';
  country: string;
  organization: string;
  bank?: string;
  locale: 'en' | 'es';
}
/**
 * Registration is limited per client and caller address: the person's address (see personAddress) goes along, so
 * that everyone registering through this one server is not counted as one caller.
 */
export const registerUser = (r: Registration, personAddress?: string) =>
  call<User>('users', '/api/users', {
    method: 'POST',
    json: r,
    as: 'client',
    ...(personAddress && { headers: { 'x-forwarded-for': personAddress } }),
  });
export const updateMe = (patch: Partial<{ email: string; country: string; organization: string; bank: string; locale: string }>) =>
  call<User>('users', '/api/users/me', { method: 'PATCH', json: patch });
export const changePassword = (currentPassword: string, newPassword: string) =>
  call<void>('users', '/api/users/me/password', { method: 'PUT', json: { currentPassword, newPassword } });
export const addFunds = (amount: number, idempotencyKey?: string) =>
  call<User>('users', '/api/users/me/funds', {
    method: 'POST',
    json: { amount },
    headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
  });

/** Reference lists may come bare or paginated. */
function itemsOf<T>(x: T[] | PageOf<T>): T[] {
  return Array.isArray(x) ? x : x.items;
}

// Public profiles change rarely and cards show many of them: keep each for a minute in this process.
// Public profiles are open to guests; asked anonymously so the cached copy never holds anyone's own view.
const publicProfiles = new Map<string, { at: number; user: Promise<User | null> }>();
export function getPublicUser(id: number, locale: 'en' | 'es' = 'es'): Promise<User | null> {
  const key = `${id}:${locale}`;
  const hit = publicProfiles.get(key);
  if (hit && Date.now() - hit.at < 60_000) return hit.user;
  const user = call<User>('users', `/api/users/${id}`, { as: 'anonymous', query: { locale } }).catch(() => null);
  if (publicProfiles.size > 5000) publicProfiles.clear();
  publicProfiles.set(key, { at: Date.now(), user });
  return user;
}
/** Organization names of several sellers, for product cards. */
export async function sellerNames(ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  const users = await Promise.all(unique.map((id) => getPublicUser(id)));
  return new Map(unique.map((id, i) => [id, users[i]?.organization?.name ?? users[i]?.username ?? '']));
}
