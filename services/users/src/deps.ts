import type { UsersConfig } from './config.js';
import type { CountryCatalog } from './db/reference-data.js';
import type { Db } from './db/store.js';
import type { UserRecord } from './domain/user-view.js';
import type { ClientAuthenticator } from './http/client-auth.js';

/** What the HTTP app needs from the process: built by `startService`, or by a test with real stores. */
export interface UsersDeps {
  config: UsersConfig;
  db: Db;
  countries: CountryCatalog;
  /** Wakes the outbox relay after a transaction that wrote a message has committed. */
  outbox: { notify(): void };
  /** Checks the client credentials of a registration with auth (users keeps no client's secret). */
  authenticateClient: ClientAuthenticator;
  /** Asks auth to end every session of a user but `keepSession`; throws when that did not happen. */
  revokeTokens(userId: number, keepSession?: string): Promise<void>;
  /** A bcrypt hash of nothing anyone knows, checked for unknown usernames so they take as long as known ones. */
  passwordDecoy: string;
  ping: () => Promise<void>;
  /** A user's record for display, through the short-lived profile cache. */
  userRecord(id: number): Promise<UserRecord | undefined>;
}
