import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './stack.js';

// A real SMTP server for tests: it accepts and parses what services send, so a test reads the mails themselves.

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
