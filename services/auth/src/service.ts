import { fileURLToPath } from 'node:url';
import { openPgStore, serve, type RunningService } from '@marketshare/service-kit';
import { loadAuthConfig } from './config.js';
import { schema } from './db/schema.js';
import { clientRegistry } from './domain/clients.js';
import { loadKeyRing } from './domain/keys.js';
import { refreshTokenStore } from './domain/tokens.js';
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
    const app = await buildApp({
      config,
      clients: clientRegistry(config),
      keys,
      refresh,
      verifyPassword: usersCredentialChecker({ usersUrl: config.USERS_URL, keys, issuer: config.PUBLIC_URL }),
      readiness: { database: store.ping },
    });
    const prune = setInterval(() => {
      refresh.prune().catch((e: unknown) => app.log.warn({ err: (e as Error).message }, 'pruning refresh tokens failed'));
    }, 60 * 60_000);
    prune.unref();
    scope.onClose(() => clearInterval(prune));
    return app;
  });
}
