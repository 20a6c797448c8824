import type { AuthConfig } from './config.js';
import type { ClientRegistry } from './domain/clients.js';
import type { FailureLimiter } from './domain/failure-limiter.js';
import type { KeyRing } from './domain/keys.js';
import type { RefreshTokenStore } from './domain/tokens.js';
import type { VerifiedUser } from './oauth-model.js';

/** What the HTTP app needs from the process: built by `startService`, or by a test with real stores. */
export interface AuthDeps {
  config: AuthConfig;
  clients: ClientRegistry;
  keys: KeyRing;
  refresh: RefreshTokenStore;
  /** Failed logins and refused refresh tokens, counted in the database. */
  failures: FailureLimiter;
  verifyPassword: (username: string, password: string) => Promise<VerifiedUser | undefined>;
  readiness: Record<string, () => Promise<unknown>>;
}
