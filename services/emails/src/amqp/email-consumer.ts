import type { ChannelModel, ConfirmChannel, ConsumeMessage, RecoveringChannelModel } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import { connectRecovering } from '@marketshare/service-kit';
import { failuresSoFar, nextStep, type Outcome } from '../domain/delivery-policy.js';
import type { EmailTopology, WorkQueue } from '../domain/topology.js';
import { declareTopology } from './email-topology.js';
import type { DeliverEmail } from '../deliver-email.js';
import type { EmailMetrics } from '../metrics.js';

export interface EmailConsumerOptions {
  url: string;
  /** Shown in the broker's connection list, so an operator can tell which process a connection is. */
  connectionName: string;
  topology: EmailTopology;
  retryDelaysMs: readonly number[];
  prefetch: number;
  deliver: DeliverEmail;
  metrics: EmailMetrics;
  log: FastifyBaseLogger;
}

/**
 * Consumes the five work queues. A message is acknowledged only once its fate is settled: sent (or known sent),
 * or safely republished (publisher-confirmed) to a retry queue or the dead-letter queue. Until then the broker
 * holds it, so a crash at any point means redelivery, and the dedupe record turns redelivery into one mail.
 *
 * Connection loss is handled by the kit's one reconnect strategy (`connectRecovering`); every reconnect runs
 * `setup` again, which re-declares the topology and resumes consuming. A channel the broker closes takes the
 * connection down with it, so the same path rebuilds both.
 */
export class EmailConsumer {
  private model?: RecoveringChannelModel;
  private channel?: ConfirmChannel;
  private consumerTags: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly opts: EmailConsumerOptions) {}

  /** Consuming right now. */
  get connected(): boolean {
    return !!this.channel;
  }

  async start(): Promise<void> {
    const { log } = this.opts;
    this.model = await connectRecovering({
      url: this.opts.url,
      connectionName: this.opts.connectionName,
      log,
      setup: (model) => this.setup(model),
    });
    this.model.on('connect', () => log.info('consuming e-mail queues'));
    this.model.on('disconnect', (err: Error) => {
      this.channel = undefined;
      log.warn({ err: err.message }, 'lost RabbitMQ connection');
    });
  }

  /** Resolves true once consuming (the queues exist and are bound), false if not within `ms`. */
  async waitReady(ms: number): Promise<boolean> {
    if (!this.model) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const ready = this.model.waitForConnect().then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops taking messages, lets those in hand finish (up to `graceMs`), then disconnects. */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    const channel = this.channel;
    for (const tag of this.consumerTags) await channel?.cancel(tag).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    this.channel = undefined;
    await this.model?.close().catch(() => undefined);
  }

  private async setup(model: ChannelModel): Promise<void> {
    const { topology, prefetch, log } = this.opts;
    const channel = await model.createConfirmChannel();
    channel.on('error', (err: Error) => log.warn({ err: err.message }, 'RabbitMQ channel error'));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      if (!this.closing) model.close().catch(() => undefined);
    });
    await declareTopology(channel, topology);
    // Bounds the messages (and so the mails, claims and memory) in hand at once, per queue.
    await channel.prefetch(prefetch);
    const tags: string[] = [];
    for (const work of topology.work) {
      const { consumerTag } = await channel.consume(work.queue, (msg) => this.onMessage(channel, work, msg), { noAck: false });
      tags.push(consumerTag);
    }
    this.consumerTags = tags;
    this.channel = channel;
  }

  private onMessage(channel: ConfirmChannel, work: WorkQueue, msg: ConsumeMessage | null): void {
    if (!msg) {
      // The broker cancelled us (the queue was deleted): rebuild the topology through a reconnect.
      this.opts.log.warn({ queue: work.queue }, 'consumer cancelled by the broker');
      channel.close().catch(() => undefined);
      return;
    }
    const task = this.handle(channel, work, msg).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private async handle(channel: ConfirmChannel, work: WorkQueue, msg: ConsumeMessage): Promise<void> {
    const { metrics, log, retryDelaysMs, topology } = this.opts;
    const type = work.type;
    metrics.consumed.inc({ type });
    const failures = failuresSoFar(msg.properties.headers);
    let outcome: Outcome;
    try {
      outcome = await this.opts.deliver(msg.content, type);
    } catch (e) {
      outcome = { kind: 'failed', error: (e as Error).message };
    }
    if (outcome.kind === 'sent') metrics.sent.inc({ type });
    if (outcome.kind === 'duplicate') metrics.duplicates.inc({ type });

    const step = nextStep(outcome, failures, retryDelaysMs);
    try {
      if (step.action === 'retry') {
        await republish(channel, '', work.retries[step.delayIndex].queue, msg, {
          'x-retry-count': step.attempt,
          'x-last-error': step.error,
        });
        metrics.retried.inc({ type });
        log.info({ type, messageId: msg.properties.messageId, attempt: step.attempt, error: step.error }, 'e-mail will be retried');
      } else if (step.action === 'dead-letter') {
        await republish(channel, topology.deadLetterExchange, type, msg, {
          'x-death-reason': step.reason,
          'x-error': step.error,
          'x-original-queue': work.queue,
          'x-retry-count': failures,
        });
        metrics.deadLettered.inc({ type });
        log.warn({ type, messageId: msg.properties.messageId, reason: step.reason, error: step.error }, 'e-mail dead-lettered');
      }
      channel.ack(msg);
    } catch (e) {
      // The channel went away before the message was settled: the broker redelivers it, the dedupe record
      // keeps that from becoming a second mail.
      log.warn({ type, err: (e as Error).message }, 'could not settle message; the broker will redeliver it');
      try {
        channel.nack(msg, false, true);
      } catch {
        // the channel is closed; unacknowledged messages return to the queue on their own
      }
    }
  }
}

/** Publishes a copy of `msg` with extra headers and waits for the broker's confirm. */
function republish(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  msg: ConsumeMessage,
  extra: Record<string, string | number | undefined>,
): Promise<void> {
  const p = msg.properties;
  const headers: Record<string, unknown> = { ...p.headers };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) headers[k] = typeof v === 'string' ? v.slice(0, 1000) : v;
  return new Promise((resolve, reject) => {
    try {
      channel.publish(
        exchange,
        routingKey,
        msg.content,
        {
          persistent: true,
          contentType: p.contentType,
          messageId: p.messageId,
          type: p.type,
          timestamp: p.timestamp,
          headers,
        },
        (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
      );
    } catch (e) {
      reject(e as Error);
    }
  });
}
