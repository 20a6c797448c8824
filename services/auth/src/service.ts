import { fileURLToPath } from 'node:url';
import { openPgStore, serve, type RunningService } from '@marketshare/service-kit';
import { loadAuthConfig } from './config.js';
import { schema } from './db/schema.js';
import { clientRegistry } from './domain/clients.js';
import { loadKeyRing } from './domain/keys.js';
import { refreshTokenStore } from './domain/tokens.js';
import { FailureLimiter } from './domain/failure-limiter.js';
import { usersCredentialChecker } from './users-client.js';
import { buildApp } from './app.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/** Opens the database (created and migrated if needed), loads the signing keys and listens. */
export async function startService(env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config = loadAuthConfig(env);
  return serve({ name: 'auth', port: config.AUTH_PORT, host: config.HOST }, async (scope) => {
    const store = scope.own(await openPgStore({ url: config.AUTH_DATABASE_URL, schema, migrationsFolder: MIGRATIONS, max: 10 }));
    const keys = await loadKeyRing(store.db, config.AUTH_SIGNING_KEY);
    const refresh = refreshTokenStore(store.db, { accessTtl: config.ACCESS_TOKEN_TTL });
    const failures = new FailureLimiter(store.db);
    const app = await buildApp({
      config,
      clients: clientRegistry(config),
      keys,
      refresh,
      failures,
      verifyPassword: usersCredentialChecker({ usersUrl: config.USERS_URL, keys, issuer: config.PUBLIC_URL }),
      readiness: { database: store.ping },
    });
    const prune = setInterval(() => {
      refresh.prune().catch((e: unknown) => app.log.warn({ err: (e as Error).message }, 'pruning refresh tokens failed'));
    }, 60 * 60_000);
    prune.unref();
    // failed attempts matter only within their window: pruned every minute, so the table stays small under a spray
    const longestWindow = Math.max(15 * 60, config.REFRESH_FAILURE_WINDOW) * 1000;
    const pruneFailures = setInterval(() => {
      failures.prune(longestWindow).catch((e: unknown) => app.log.warn({ err: (e as Error).message }, 'pruning failed attempts failed'));
    }, 60_000);
    pruneFailures.unref();
    scope.onClose(() => {
      clearInterval(prune);
      clearInterval(pruneFailures);
    });
    return app;
  });
}
