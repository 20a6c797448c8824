import type { AuthConfig } from './config.js';
import type { ClientRegistry } from './domain/clients.js';
import type { KeyRing } from './domain/keys.js';
import type { RefreshTokenStore } from './domain/tokens.js';
import type { VerifiedUser } from './oauth-model.js';

/** What the HTTP app needs from the process: built by `startService`, or by a test with real stores. */
export interface AuthDeps {
  config: AuthConfig;
  clients: ClientRegistry;
  keys: KeyRing;
  refresh: RefreshTokenStore;
  verifyPassword: (username: string, password: string) => Promise<VerifiedUser | undefined>;
  readiness: Record<string, () => Promise<unknown>>;
}
