import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { EmailMessage, MessageType, OrderDetails } from '@marketshare/contracts';
import { freePort, startStack, type Stack } from '@marketshare/test-env';
import { deleteTopology } from '../src/amqp/email-topology.js';
import { emailTopology } from '../src/domain/topology.js';

// Test doubles that are real servers: an SMTP server that parses what it receives, an HTTP server that e-mail
// links point at, and a RabbitMQ publisher. Nothing here replaces what the service under test talks to.

export interface ReceivedMail {
  envelopeTo: string[];
  mail: ParsedMail;
}

/** A real SMTP server (smtp-server) keeping every accepted mail, parsed by mailparser. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private server?: SMTPServer;
  private waiters = new Set<() => void>();

  private constructor(readonly port: number) {}

  static async start(port?: number): Promise<SmtpSink> {
    const sink = new SmtpSink(port ?? (await freePort()));
    await sink.listen();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port. */
  async listen(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      closeTimeout: 100,
      // Recipients whose address says so are refused: permanently (5xx) or for now (4xx).
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('refused')) return callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
        if (address.address.startsWith('later')) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            for (const w of [...this.waiters]) w();
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Stops accepting connections and drops open ones: the SMTP server is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mails whose Message-ID carries `messageId`. */
  withId(messageId: string): ReceivedMail[] {
    return this.mails.filter((m) => m.mail.messageId === `<${messageId}@marketshare>`);
  }

  /** Waits until `done()` holds, re-checking on every arriving mail. */
  async waitFor(done: () => boolean, timeoutMs = 15_000, what = 'mails'): Promise<void> {
    if (done()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what} (${this.mails.length} received)`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}

/** An HTTP server standing in for the web app behind PUBLIC_URL: every link in a mail must reach it. */
export async function startLinkTarget(): Promise<{ base: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Publishes to the stack's exchange the way the producers' outbox relay does: persistent, confirmed. */
export class TestBroker {
  private constructor(
    private readonly conn: ChannelModel,
    readonly channel: ConfirmChannel,
    private readonly stack: Stack,
  ) {}

  static async open(stack: Stack): Promise<TestBroker> {
    const conn = await connect(stack.env.RABBITMQ_URL);
    const channel = await conn.createConfirmChannel();
    await channel.assertExchange(stack.env.EMAIL_EXCHANGE, 'direct', { durable: true });
    return new TestBroker(conn, channel, stack);
  }

  get topology() {
    return emailTopology(this.stack.env.EMAIL_EXCHANGE, this.stack.env.EMAIL_QUEUE_PREFIX, this.retryDelays());
  }

  private retryDelays(): number[] {
    return (this.stack.env.EMAIL_RETRY_DELAYS_MS ?? '1000,5000,30000,120000,600000').split(',').map(Number);
  }

  /** Publishes a message (or raw bytes) with routing key `type`. */
  async publish(type: string, body: EmailMessage | Buffer | object): Promise<void> {
    const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const messageId = Buffer.isBuffer(body) ? undefined : (body as { messageId?: string }).messageId;
    this.channel.publish(this.stack.env.EMAIL_EXCHANGE, type, content, { persistent: true, contentType: 'application/json', messageId });
    await this.channel.waitForConfirms();
  }

  /** Takes everything now in the dead-letter queue. */
  async drainDeadLetters(): Promise<GetMessage[]> {
    const out: GetMessage[] = [];
    for (;;) {
      const msg = await this.channel.get(this.topology.deadLetterQueue, { noAck: true });
      if (!msg) return out;
      out.push(msg);
    }
  }

  /** Deletes the stack's queues and exchanges: they are durable and would otherwise outlive the test run. */
  async deleteTopology(): Promise<void> {
    const ch = await this.conn.createChannel();
    ch.on('error', () => undefined);
    await deleteTopology(ch, this.topology);
    await ch.close();
  }

  async close(): Promise<void> {
    await this.conn.close().catch(() => undefined);
  }
}

/** A stack running only the emails service, sending to its own SMTP sink, and a broker to publish with. */
export async function startEmailsStack(retryDelaysMs: string) {
  const smtp = await SmtpSink.start();
  const stack = await startStack({ services: ['emails'], env: { SMTP_URL: smtp.url, EMAIL_RETRY_DELAYS_MS: retryDelaysMs } });
  const broker = await TestBroker.open(stack);
  return {
    smtp,
    stack,
    broker,
    async stop() {
      await stack.stop();
      await broker.deleteTopology().catch(() => undefined);
      await broker.close();
      await smtp.stop();
    },
  };
}

/** Reads one sample of a Prometheus counter from the service's /metrics (0 when absent). */
export async function metricValue(stack: Stack, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${stack.url('emails')}/metrics`)).text();
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

// ---- messages as the producers build them (docs/internals.md, "Messages") ----

const base = (type: MessageType, locale: 'en' | 'es', email: string, name: string) => ({
  messageId: randomUUID(),
  type,
  occurredAt: new Date().toISOString(),
  locale,
  to: { email, name },
});

export const sampleOrder = (over: Partial<OrderDetails> = {}): OrderDetails => ({
  id: 4711,
  productId: 12,
  productName: 'Silla ergonómica Pro',
  quantity: 3,
  color: 'azul',
  unitPrice: 1_250_000,
  discount: 10,
  total: 3_375_000,
  currency: 'ARS',
  status: 'RECIBIDO',
  createdAt: '2025-03-14T15:09:26.000Z',
  ...over,
});

export function sampleMessage(type: MessageType, opts: { locale?: 'en' | 'es'; email?: string; name?: string; links?: string } = {}): EmailMessage {
  const locale = opts.locale ?? 'es';
  const email = opts.email ?? `${type.toLowerCase()}.${randomUUID().slice(0, 8)}@example.com`;
  const name = opts.name ?? 'Ada Lovelace';
  const links = opts.links ?? 'http://localhost:8080';
  const b = base(type, locale, email, name);
  switch (type) {
    case 'ACCOUNT_NEW':
      return { ...b, type, accountType: 'seller', loginUrl: `${links}/login` };
    case 'ACCOUNT_CHANGED':
      return { ...b, type, changes: ['email', 'password'], profileUrl: `${links}/profile/settings` };
    case 'ORDER_CREATED':
      return { ...b, type, order: sampleOrder(), orderUrl: `${links}/orders/4711`, cancelUrl: `${links}/orders/4711?cancel=1` };
    case 'ORDER_DELIVERED':
      return {
        ...b,
        type,
        order: sampleOrder({ status: 'ENTREGADO' }),
        orderUrl: `${links}/orders/4711`,
        reviewUrl: `${links}/orders/4711?action=review`,
        receiptUrl: `${links}/orders/4711/receipt`,
      };
    case 'ORDER_REJECTED':
      return {
        ...b,
        type,
        order: sampleOrder({ status: 'RECHAZADO' }),
        orderUrl: `${links}/orders/4711`,
        fundsUrl: `${links}/profile/wallet#funds`,
        productUrl: `${links}/products/12`,
        stockLeft: null,
      };
    case 'ORDER_CANCELLED':
      return { ...b, type, order: sampleOrder({ status: 'CANCELADO' }), orderUrl: `${links}/orders/4711` };
    case 'SALE_NEW':
      return { ...b, type, order: sampleOrder(), buyerOrganization: 'Oficinas del Sur SA', saleUrl: `${links}/orders/4711` };
    case 'SALE_CANCELLED':
      return { ...b, type, order: sampleOrder({ status: 'CANCELADO' }), buyerOrganization: 'Oficinas del Sur SA', saleUrl: `${links}/orders/4711` };
    case 'SALE_DELIVERED':
      return {
        ...b,
        type,
        order: sampleOrder({ status: 'ENTREGADO' }),
        buyerOrganization: 'Oficinas del Sur SA',
        settlement: { proceeds: 3_290_625, fee: 84_375, balance: 5_000_000 },
        saleUrl: `${links}/orders/4711`,
        statementUrl: `${links}/profile/statement`,
      };
    case 'REVIEW_NEW':
      return {
        ...b,
        type,
        review: { id: 9, rating: 4.5, title: 'Muy cómoda', summary: 'Llegó rápido y bien embalada.', reviewer: 'Oficinas del Sur SA' },
        order: sampleOrder({ status: 'ENTREGADO' }),
        productUrl: `${links}/products/12#opinions`,
        saleUrl: `${links}/orders/4711`,
      };
    case 'WITHDRAWAL_MADE':
      return {
        ...b,
        type,
        withdrawal: { id: 31, amount: 1_250_050, currency: 'ARS', bank: 'Banco Nación', balanceAfter: 480_000 },
        statementUrl: `${links}/profile/statement`,
      };
    case 'PASSWORD_RESET':
      return { ...b, type, resetUrl: `${links}/reset-password?token=sample-token-0123456789`, expiresAt: '2025-03-14T15:39:26.000Z' };
  }
}
