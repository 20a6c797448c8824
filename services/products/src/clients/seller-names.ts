import { createApiClient, usersApi } from '@marketshare/contracts';

/**
 * Sellers' display names as the users service shows them to anyone: the organization's name, else the username.
 * Products keeps a copy on each product so the catalog can search by seller without reading users' database
 * (docs/internals.md, "Seller names in the catalog"). The public profile is read anonymously: it is public data,
 * and no service token is needed for it.
 */
export interface SellerNames {
  /** The seller's display name, or undefined when users cannot say right now (down, slow, no such seller). */
  displayName(sellerId: number): Promise<string | undefined>;
}

export function usersSellerNames(usersUrl: string, timeoutMs = 2_000): SellerNames {
  const users = createApiClient({ baseUrl: () => usersUrl, timeoutMs });
  return {
    async displayName(sellerId) {
      try {
        const profile = await users.call(usersApi.get, { params: { id: sellerId }, query: { locale: 'es' }, authorization: null });
        return profile.organization?.name || profile.username;
      } catch {
        return undefined;
      }
    },
  };
}
