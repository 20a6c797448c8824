import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/bcrypt';
import { authApi } from '@marketshare/contracts';
import {
  createServiceClient,
  listen,
  openMysqlStore,
  startOutboxPublishing,
  unavailable,
  type OutboxRelay,
  type RunningService,
  type ServiceClient,
} from '@marketshare/service-kit';
import { buildApp } from './app.js';
import { readConfig, type Config } from './config.js';
import { CountryCatalog, seedReferenceData } from './db/reference-data.js';
import { schema } from './db/schema.js';
import { cachedUserRecords } from './db/user-queries.js';
import { clientAuthenticatorOf } from './http/client-auth.js';

/** Asks auth to revoke every refresh token of a user, with the users-service's own client credentials. */
function tokenRevoker(client: ServiceClient, config: Config) {
  return async (userId: number) => {
    const res = await client.request(config.AUTH_URL, authApi.revokeUserTokens, { params: { id: userId } }).catch(() => undefined);
    if (res?.status !== 204 && res?.status !== 200) {
      throw unavailable('Could not sign out your other sessions, so the password was not changed; try again');
    }
  };
}

/** Opens the database (created and migrated if needed), seeds the reference lists, listens, relays the outbox. */
export async function startService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = readConfig(env);
  const auth = createServiceClient({ authUrl: config.AUTH_URL, clientId: 'users-service', clientSecret: config.USERS_CLIENT_SECRET });
  const store = await openMysqlStore({
    url: config.USERS_DATABASE_URL,
    schema,
    migrationsFolder: fileURLToPath(new URL('../migrations', import.meta.url)),
  });
  let relay: OutboxRelay | undefined;
  const close = async () => {
    await relay?.close();
    await store.close();
  };
  try {
    await seedReferenceData(store.db);
    const app = await buildApp({
      config,
      db: store.db,
      countries: await CountryCatalog.load(store.db),
      outbox: { notify: () => relay?.notify() },
      authenticateClient: clientAuthenticatorOf(auth, config.AUTH_URL),
      revokeTokens: tokenRevoker(auth, config),
      passwordDecoy: await hash(randomBytes(16).toString('hex'), config.BCRYPT_COST),
      ping: store.ping,
      userRecord: cachedUserRecords(store.db, config.PROFILE_CACHE_MS),
    });
    relay = startOutboxPublishing({
      db: { dialect: 'mysql', pool: store.pool },
      rabbitmqUrl: config.RABBITMQ_URL,
      exchange: config.EMAIL_EXCHANGE,
      log: app.log,
      metrics: app.metrics,
    });
    const url = await listen(app, config.USERS_PORT, config.HOST).catch(async (e: unknown) => {
      await app.close();
      throw e;
    });
    return {
      name: 'users',
      url,
      app,
      async close() {
        await app.close(); // stop accepting and finish in-flight requests first
        await close();
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}
