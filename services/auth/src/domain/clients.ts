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

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1, form-encoded) or from the body. */
export function clientCredentials(
  authorization: string | undefined,
  body: Record<string, unknown> | undefined,
): { id: string; secret: string; viaBasic: boolean } | undefined {
  const m = authorization && /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization);
  if (m) {
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return undefined;
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return { id: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)), viaBasic: true };
  }
  const id = body?.client_id;
  const secret = body?.client_secret;
  return typeof id === 'string' && typeof secret === 'string' ? { id, secret, viaBasic: false } : undefined;
}
