import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import { EXCHANGE_EMAILS } from '@marketshare/contracts';

export interface PublishOptions {
  messageId: string;
  type?: string;
  timestamp?: number;
}

/**
 * A RabbitMQ publisher with publisher confirms. It connects in the background and reconnects with exponential
 * back-off (capped at 10 s) whenever the connection drops; `publish` fails fast while it is disconnected so the
 * outbox keeps the message and tries again later.
 */
export class AmqpPublisher {
  private conn?: ChannelModel;
  private channel?: ConfirmChannel;
  private closed = false;
  private attempt = 0;
  private timer?: NodeJS.Timeout;
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
    void this.connectOnce();
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

  private async connectOnce(): Promise<void> {
    if (this.closed) return;
    try {
      const conn = await connect(this.url, { clientProperties: { connection_name: 'marketshare-publisher' } });
      const channel = await conn.createConfirmChannel();
      for (const ex of this.exchanges) await channel.assertExchange(ex, 'direct', { durable: true });
      conn.on('error', (err) => this.log.warn({ err: err.message }, 'amqp connection error'));
      conn.on('close', () => this.dropped());
      channel.on('error', (err) => this.log.warn({ err: err.message }, 'amqp channel error'));
      channel.on('close', () => this.dropped());
      this.conn = conn;
      this.channel = channel;
      this.attempt = 0;
      this.log.info('connected to RabbitMQ');
      for (const w of [...this.waiters]) w();
    } catch (err) {
      this.schedule((err as Error).message);
    }
  }

  private dropped(): void {
    if (!this.channel && !this.conn) return;
    this.channel = undefined;
    const conn = this.conn;
    this.conn = undefined;
    conn?.close().catch(() => undefined);
    if (!this.closed) this.schedule('connection closed');
  }

  private schedule(reason: string): void {
    if (this.closed || this.timer) return;
    const delay = Math.min(10_000, 200 * 2 ** this.attempt++) * (0.5 + Math.random() / 2);
    this.log.warn({ reason, retryInMs: Math.round(delay) }, 'RabbitMQ unavailable; will retry');
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connectOnce();
    }, delay);
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
    if (this.timer) clearTimeout(this.timer);
    const conn = this.conn;
    this.channel = undefined;
    this.conn = undefined;
    await conn?.close().catch(() => undefined);
  }
}
