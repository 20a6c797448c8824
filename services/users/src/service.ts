import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/bcrypt';
import { authApi } from '@marketshare/contracts';
import {
  createServiceClient,
  openMysqlStore,
  serve,
  startOutboxPublishing,
  unavailable,
  type OutboxRelay,
  type RunningService,
  type ServiceClient,
} from '@marketshare/service-kit';
import { buildApp } from './app.js';
import { loadUsersConfig, type UsersConfig } from './config.js';
import { pruneRateLimits } from './db/rate-limits.js';
import { CountryCatalog, seedReferenceData } from './db/reference-data.js';
import { schema } from './db/schema.js';
import { cachedUserRecords } from './db/user-queries.js';
import { clientAuthenticatorOf } from './http/client-auth.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/** Asks auth to end every session of a user but one, with the users-service's own client credentials. */
function tokenRevoker(client: ServiceClient, config: UsersConfig) {
  return async (userId: number, keepSession?: string) => {
    const res = await client
      .request(config.AUTH_URL, authApi.revokeUserTokens, { params: { id: userId }, query: keepSession ? { keepSession } : {} })
      .catch(() => undefined);
    if (res?.status !== 204 && res?.status !== 200) {
      throw unavailable('Could not sign out your other sessions, so the password was not changed; try again');
    }
  };
}

/** Opens the database (created and migrated if needed), seeds the reference lists, listens, relays the outbox. */
export async function startService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadUsersConfig(env);
  const auth = createServiceClient({ authUrl: config.AUTH_URL, clientId: 'users-service', clientSecret: config.USERS_CLIENT_SECRET });
  return serve({ name: 'users', port: config.USERS_PORT, host: config.HOST }, async (scope) => {
    const store = scope.own(await openMysqlStore({ url: config.USERS_DATABASE_URL, schema, migrationsFolder: MIGRATIONS }));
    await seedReferenceData(store.db);
    // the app wakes the relay, and the relay logs through the app
    const outbox: { relay?: OutboxRelay } = {};
    const app = await buildApp({
      config,
      db: store.db,
      countries: await CountryCatalog.load(store.db),
      outbox: { notify: () => outbox.relay?.notify() },
      authenticateClient: clientAuthenticatorOf(auth, config.AUTH_URL),
      revokeTokens: tokenRevoker(auth, config),
      passwordDecoy: await hash(randomBytes(16).toString('hex'), config.BCRYPT_COST),
      ping: store.ping,
      userRecord: cachedUserRecords(store.db, config.PROFILE_CACHE_MS),
    });
    outbox.relay = scope.own(
      startOutboxPublishing({
        db: { dialect: 'mysql', pool: store.pool },
        rabbitmqUrl: config.RABBITMQ_URL,
        exchange: config.EMAIL_EXCHANGE,
        log: app.log,
        metrics: app.metrics,
      }),
    );
    // a limit's key matters only within its window: pruned every minute, so the table stays small under a flood
    const prune = setInterval(() => {
      pruneRateLimits(store.db).catch((e: unknown) => app.log.warn({ err: (e as Error).message }, 'pruning rate limits failed'));
    }, 60_000);
    prune.unref();
    scope.onClose(() => clearInterval(prune));
    return app;
  });
}
