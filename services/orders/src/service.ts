import { fileURLToPath } from 'node:url';
import {
  createServiceClient,
  openPgStore,
  serve,
  startOutboxPublishing,
  type OutboxRelay,
  type RunningService,
} from '@marketshare/service-kit';
import { buildApp } from './app.js';
import { createMarketplace } from './clients/marketplace.js';
import { loadOrdersConfig } from './config.js';
import { schema } from './db/schema.js';
import { startProgressionWorker } from './workers/progression.js';
import { startRecoveryWorker } from './workers/recovery.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

const ANNOUNCE_BATCH_MS = 100;

/** Starts the orders service: database (created and migrated), broker, HTTP app, and its background workers. */
export async function startService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadOrdersConfig(env);
  return serve({ name: 'orders', port: config.ORDERS_PORT, host: config.HOST }, async (scope) => {
    const store = scope.own(await openPgStore({ url: config.ORDERS_DATABASE_URL, schema, migrationsFolder: MIGRATIONS }));
    const client = createServiceClient({
      authUrl: config.AUTH_URL,
      clientId: 'orders-service',
      clientSecret: config.ORDERS_CLIENT_SECRET,
    });
    const marketplace = createMarketplace(
      client,
      { products: config.PRODUCTS_URL, users: config.USERS_URL },
      { productCacheMs: config.PRODUCT_CACHE_MS },
    );

    // The relay needs the app's logger and metrics, and the app's context needs to wake the relay.
    const outbox: { relay?: OutboxRelay; wake?: NodeJS.Timeout } = {};
    // Each relay pass is a transaction of its own: under load, one pass per purchase would cost as much as the
    // purchase. Wake-ups within ANNOUNCE_BATCH_MS are served by one pass, so e-mails wait that long at most.
    const announce = () => {
      outbox.wake ??= setTimeout(() => {
        outbox.wake = undefined;
        outbox.relay?.notify();
      }, ANNOUNCE_BATCH_MS);
    };
    const { app, ctx } = await buildApp({
      logLevel: config.LOG_LEVEL,
      auth: { jwksUrl: `${config.AUTH_URL}/.well-known/jwks.json`, issuer: config.PUBLIC_URL },
      readiness: { database: store.ping },
      context: (app) => ({
        db: store.db,
        marketplace,
        publicUrl: config.PUBLIC_URL,
        exchange: config.EMAIL_EXCHANGE,
        maxTimeToProgress: config.MAX_TIME_TO_PROGRESS,
        announce,
        metrics: {
          created: app.metrics.counter('orders_created_total', 'Purchases settled, by resulting status', ['status']),
          transitions: app.metrics.counter('order_transitions_total', 'Order status changes after purchase, by new status', [
            'status',
          ]),
        },
        log: app.log,
      }),
    });

    outbox.relay = scope.own(
      startOutboxPublishing({
        db: { dialect: 'pg', pool: store.pool },
        rabbitmqUrl: config.RABBITMQ_URL,
        exchange: config.EMAIL_EXCHANGE,
        log: app.log,
        metrics: app.metrics,
      }),
    );
    scope.onClose(() => clearTimeout(outbox.wake));
    const progression = startProgressionWorker(ctx);
    const recovery = startRecoveryWorker(ctx);
    scope.onClose(() => Promise.all([progression.stop(), recovery.stop()]));
    // Settle whatever a previous process left half done, without holding up start-up on neighbours.
    recovery
      .runNow()
      .catch((e: unknown) => app.log.warn({ err: (e as Error).message }, 'recovery at start-up failed; the worker retries'));
    return app;
  });
}
