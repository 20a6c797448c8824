import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { SHARED_RENDER_HEADER, sharedRenderToken, slot } from './personal-slots';
import { ACCESS_COOKIE, AUTH_UNAVAILABLE_HEADER, decodeClaims, isExpiring, verifiedClaims } from './tokens';

export type Role = 'consumer' | 'seller';
export interface Session {
  userId: number;
  username: string;
  role: Role;
  accessToken: string;
  /** Only when auth could not be reached to refresh it; services will refuse it. */
  expired: boolean;
  /**
   * The render shared by every consumer (lib/consumer-pages.ts): no token, and markers in place of the name and the
   * balance, which the proxy fills for each person.
   */
  shared?: true;
}

const SHARED_CONSUMER: Session = { userId: 0, username: slot('name'), role: 'consumer', accessToken: '', expired: false, shared: true };

/**
 * The signed-in user, from the access cookie the proxy has already refreshed, verified as the services verify it.
 * Only while auth cannot be reached (the proxy says so) is the cookie shown as it reads, to keep people's pages; the
 * services refuse the token anyway if it is not auth's.
 */
export const getSession = cache(async (): Promise<Session | null> => {
  if ((await headers()).get(SHARED_RENDER_HEADER) === sharedRenderToken()) return SHARED_CONSUMER;
  const token = (await cookies()).get(ACCESS_COOKIE)?.value;
  const claims = (await isAuthUnavailable()) ? decodeClaims(token) : await verifiedClaims(token);
  if (!token || !claims || (claims.role !== 'consumer' && claims.role !== 'seller')) return null;
  return { userId: Number(claims.sub), username: claims.user_name, role: claims.role, accessToken: token, expired: isExpiring(claims, 0) };
});

export const isAuthUnavailable = async () => (await headers()).get(AUTH_UNAVAILABLE_HEADER) === '1';

/** Notices shown after a redirect, keyed by the `notice` query parameter. */
export type NoticeKey = 'loginRequired' | 'sellersOnly' | 'consumersOnly' | 'ownerOnly' | 'signedOut' | 'alreadySignedIn';

/**
 * Role gate for a page: guests go to the login page (and come back afterwards); a signed-in user of the wrong
 * role goes to the catalog with a message.
 */
export async function requireUser(returnTo: string, role?: Role): Promise<Session> {
  const session = await getSession();
  if (!session) redirect(`/login?notice=loginRequired&next=${encodeURIComponent(returnTo)}`);
  if (role && session.role !== role) redirect(`/?notice=${role === 'seller' ? 'sellersOnly' : 'consumersOnly'}`);
  return session;
}
