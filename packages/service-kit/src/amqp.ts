import { connect, type ChannelModel, type ConfirmChannel, type RecoveringChannelModel } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import { EXCHANGE_EMAILS } from '@marketshare/contracts';

/**
 * The one reconnect strategy for RabbitMQ, for publishers and consumers alike: amqplib's recovery, exponential
 * back-off with jitter from 200 ms up to 10 s between attempts, for as long as the process runs. Every connection,
 * the first and each one after a loss, runs `setup` (declare the topology, open channels, start consuming). A
 * channel the broker closes should close its connection (`model.close()` on the model `setup` received), so the
 * same path rebuilds both.
 */
export const RABBITMQ_RECOVERY = { initialDelay: 200, maxDelay: 10_000 } as const;

export async function connectRecovering(opts: {
  url: string;
  /** Shown in the broker's connection list, so an operator can tell which process a connection is. */
  connectionName: string;
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
  setup: (model: ChannelModel) => Promise<void>;
}): Promise<RecoveringChannelModel> {
  const model = await connect(opts.url, {
    clientProperties: { connection_name: opts.connectionName },
    // resolve at once: a broker that is down at start-up is waited for in the background
    recovery: { ...RABBITMQ_RECOVERY, waitForConnect: false, setup: opts.setup },
  });
  model.on('reconnect-scheduled', ({ attempt, delay, error }) =>
    opts.log.warn({ attempt, retryInMs: delay, reason: error.message }, 'RabbitMQ unavailable; will retry'),
  );
  model.on('error', (err) => opts.log.warn({ err: err.message }, 'RabbitMQ connection error'));
  return model;
}

export interface PublishOptions {
  messageId: string;
  type?: string;
  timestamp?: number;
}

/**
 * A RabbitMQ publisher with publisher confirms. It connects in the background and reconnects as
 * `connectRecovering` does; `publish` fails fast while it is disconnected so the outbox keeps the message and
 * tries again later.
 */
export class AmqpPublisher {
  private connecting?: Promise<RecoveringChannelModel | undefined>;
  private channel?: ConfirmChannel;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
    private readonly exchanges: string[] = [EXCHANGE_EMAILS],
  ) {}

  get connected(): boolean {
    return !!this.channel;
  }

  start(): void {
    this.connecting ??= connectRecovering({
      url: this.url,
      connectionName: `marketshare-publisher ${this.exchanges.join(',')}`,
      log: this.log,
      setup: (model) => this.setup(model),
    }).then(
      (model) => {
        model.on('disconnect', () => (this.channel = undefined));
        return model;
      },
      (err: Error) => {
        // only a malformed URL gets here; an unreachable broker is retried by the recovery
        this.log.warn({ err: err.message }, 'cannot connect to RabbitMQ');
        return undefined;
      },
    );
  }

  /** Resolves when connected (or after `ms`), for start-up and tests. */
  waitConnected(ms = 5000): Promise<boolean> {
    if (this.channel) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => (clearTimeout(t), this.waiters.delete(done), resolve(!!this.channel));
      const t = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private async setup(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel();
    for (const ex of this.exchanges) await channel.assertExchange(ex, 'direct', { durable: true });
    channel.on('error', (err: Error) => this.log.warn({ err: err.message }, 'amqp channel error'));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      if (!this.closed) model.close().catch(() => undefined);
    });
    this.channel = channel;
    this.log.info('connected to RabbitMQ');
    for (const w of [...this.waiters]) w();
  }

  /** Publishes a persistent message and resolves once the broker confirms it. */
  publish(exchange: string, routingKey: string, content: Buffer, opts: PublishOptions): Promise<void> {
    const channel = this.channel;
    if (!channel) return Promise.reject(new Error('not connected to RabbitMQ'));
    return new Promise((resolve, reject) => {
      channel.publish(
        exchange,
        routingKey,
        content,
        {
          persistent: true,
          contentType: 'application/json',
          messageId: opts.messageId,
          type: opts.type ?? routingKey,
          timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
        },
        (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
      );
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.channel = undefined;
    const model = await this.connecting;
    await model?.close().catch(() => undefined);
  }
}
