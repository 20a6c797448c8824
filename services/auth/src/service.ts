import { fileURLToPath } from 'node:url';
import { listen, openPgStore, type RunningService } from '@marketshare/service-kit';
import { loadAuthConfig } from './config.js';
import { schema } from './db/schema.js';
import { clientRegistry } from './domain/clients.js';
import { loadKeyRing } from './domain/keys.js';
import { refreshTokenStore } from './domain/tokens.js';
import { usersCredentialChecker } from './users-client.js';
import { buildApp } from './app.js';

export async function startService(env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config = loadAuthConfig(env);
  const store = await openPgStore({
    url: config.AUTH_DATABASE_URL,
    schema,
    migrationsFolder: fileURLToPath(new URL('../migrations', import.meta.url)),
    max: 10,
  });
  const keys = await loadKeyRing(store.db, config.AUTH_SIGNING_KEY);
  const refresh = refreshTokenStore(store.db);
  const app = await buildApp({
    config,
    clients: clientRegistry(config),
    keys,
    refresh,
    verifyPassword: usersCredentialChecker({ usersUrl: config.USERS_URL, keys, issuer: config.PUBLIC_URL }),
    readiness: { database: store.ping },
  });
  const prune = setInterval(() => void refresh.prune().catch(() => undefined), 60 * 60_000);
  prune.unref();
  const url = await listen(app, config.AUTH_PORT, config.HOST);
  return {
    name: 'auth',
    url,
    app,
    async close() {
      clearInterval(prune);
      await app.close();
      await store.close();
    },
  };
}
