import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthConfig } from '../config.js';

export type GrantType = 'password' | 'refresh_token' | 'client_credentials';

export interface OAuthClient {
  id: string;
  grants: GrantType[];
  /** Scopes this client may ask for; the first is the default. */
  scopes: string[];
  /** SHA-256 of the secret, so comparisons are constant-time over equal lengths. */
  secretDigest: Buffer;
}

/** The auth service's own identity when it calls users (it signs its own service token). */
export const AUTH_SELF_CLIENT = 'auth-service';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Clients come from configuration (docs/design.md §5): the web app, integrators and one per service. */
export function clientRegistry(cfg: AuthConfig) {
  const people = (id: string, secret: string): OAuthClient => ({
    id,
    grants: ['password', 'refresh_token'],
    scopes: ['user'],
    secretDigest: digest(secret),
  });
  const service = (id: string, secret: string): OAuthClient => ({
    id,
    grants: ['client_credentials'],
    scopes: ['internal'],
    secretDigest: digest(secret),
  });
  const clients = new Map<string, OAuthClient>(
    [
      people('marketshare-web', cfg.WEB_CLIENT_SECRET),
      people('marketshare-api', cfg.API_CLIENT_SECRET),
      service('users-service', cfg.USERS_CLIENT_SECRET),
      service('products-service', cfg.PRODUCTS_CLIENT_SECRET),
      service('orders-service', cfg.ORDERS_CLIENT_SECRET),
      service('emails-service', cfg.EMAILS_CLIENT_SECRET),
    ].map((c) => [c.id, c]),
  );
  return {
    /** The client when id and secret match, in constant time; otherwise undefined. */
    authenticate(id: string, secret: string): OAuthClient | undefined {
      const client = clients.get(id);
      const ok = timingSafeEqual(digest(secret), client?.secretDigest ?? digest(`\0${secret}`));
      return client && ok ? client : undefined;
    },
  };
}
export type ClientRegistry = ReturnType<typeof clientRegistry>;
