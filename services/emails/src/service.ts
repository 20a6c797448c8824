import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { openPgStore, serve, type RunningService } from '@marketshare/service-kit';
import { EmailConsumer } from './amqp/email-consumer.js';
import { deleteTopology } from './amqp/email-topology.js';
import { buildApp } from './app.js';
import { loadEmailsConfig } from './config.js';
import { sentMessagesStore } from './db/sent-messages.js';
import { schema } from './db/schema.js';
import { createEmailDelivery } from './deliver-email.js';
import { emailTopology } from './domain/topology.js';
import { createMailer } from './mailer.js';
import { createEmailMetrics } from './metrics.js';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Opens the dedupe store, connects to SMTP and RabbitMQ, starts consuming and serves health and metrics. */
export async function startService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadEmailsConfig(env);
  return serve({ name: 'emails', port: config.EMAILS_PORT, host: config.HOST }, async (scope) => {
    const store = scope.own(
      await openPgStore({
        url: config.EMAILS_DATABASE_URL,
        schema,
        migrationsFolder: MIGRATIONS,
        max: 10,
        // The dedupe record is written twice per mail. Losing its last fraction of a second to a crash of PostgreSQL
        // (not of this service: its commits are safe in PostgreSQL's memory) could only let a copy the broker still
        // holds be sent again, the at-least-once window sent-messages.ts already describes; a lost mail stays
        // impossible, because a message is acknowledged only after its mail went out.
        asyncCommit: true,
      }),
    );
    const mailer = scope.own(
      createMailer({
        smtpUrl: config.SMTP_URL,
        from: config.MAIL_FROM,
        sender: config.senderAddress,
        poolSize: config.SMTP_POOL_SIZE,
      }),
    );
    const sentMessages = sentMessagesStore(store.db, config.EMAIL_CLAIM_STALE_MS);

    // Declared before the app so its readiness check can ask it; created once the app's metrics exist.
    // eslint-disable-next-line prefer-const
    let consumer: EmailConsumer | undefined;
    const app = await buildApp({
      config,
      brokerConnected: () => consumer?.connected ?? false,
      smtpReachable: () => mailer.verify(),
      databaseReachable: () => store.ping(),
    });
    const metrics = createEmailMetrics(app.metrics);
    consumer = new EmailConsumer({
      url: config.RABBITMQ_URL,
      connectionName: `marketshare-emails ${config.EMAIL_QUEUE_PREFIX}${config.EMAIL_EXCHANGE}`,
      topology: emailTopology(config.EMAIL_EXCHANGE, config.EMAIL_QUEUE_PREFIX, config.retryDelaysMs),
      retryDelaysMs: config.retryDelaysMs,
      prefetch: config.EMAIL_PREFETCH,
      deliver: createEmailDelivery({ sentMessages, mailer, metrics, render: { timeZone: config.MAIL_TIME_ZONE }, log: app.log }),
      metrics,
      log: app.log,
    });
    const started = scope.own(consumer);
    await started.start();
    // Queues must exist before producers publish, or the direct exchange drops what it cannot route. A broker
    // that is down now is not fatal: recovery keeps trying and /readyz says so meanwhile.
    if (!(await started.waitReady(10_000))) app.log.warn('RabbitMQ not reachable yet; consuming will start when it is');

    const prune = setInterval(() => {
      sentMessages
        .prune(config.EMAIL_DEDUPE_RETENTION_DAYS)
        .catch((e: Error) => app.log.warn({ err: e.message }, 'prune failed'));
    }, PRUNE_EVERY_MS);
    prune.unref();
    scope.onClose(() => clearInterval(prune));
    return app;
  });
}

/**
 * Removes the exchange and queues a service started with `env` declares. Production never calls it: durable queues
 * outlive the processes that made them, so tests and benchmarks, which use names of their own, clean up with it.
 */
export async function removeBrokerTopology(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadEmailsConfig(env);
  const conn = await amqp.connect(config.RABBITMQ_URL);
  try {
    await deleteTopology(
      await conn.createChannel(),
      emailTopology(config.EMAIL_EXCHANGE, config.EMAIL_QUEUE_PREFIX, config.retryDelaysMs),
    );
  } finally {
    await conn.close();
  }
}
