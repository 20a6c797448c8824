import nodemailer, { type SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface MailerOptions {
  smtpUrl: string;
  /** The From header, e.g. `Marketshare <no-reply@marketshare.local>`. */
  from: string;
  /** Its address alone: the SMTP envelope sender. */
  sender: string;
  poolSize: number;
}
export interface Mail {
  /** Becomes the Message-ID, so mail systems downstream can recognise a repeat too. */
  messageId: string;
  to: { email: string; name: string };
  subject: string;
  html: string;
  text: string;
  attachments: NonNullable<SendMailOptions['attachments']>;
  headers?: Record<string, string>;
}

const VERIFY_CACHE_MS = 5000;

/**
 * nodemailer over SMTP with pooled connections. Timeouts are much shorter than nodemailer's defaults (up to
 * 10 minutes): a stuck send holds a dedupe claim and a prefetch slot, and a retry through the delay queues is
 * cheaper than waiting.
 */
export function createMailer(opts: MailerOptions) {
  const transport = nodemailer.createTransport({
    pool: true,
    url: opts.smtpUrl,
    maxConnections: opts.poolSize,
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  let verified: { at: number; result: Promise<void> } | undefined;
  return {
    async send(mail: Mail): Promise<void> {
      // The message is composed into one buffer first and handed over raw: streamed part by part, nodemailer
      // writes each encoded line to the socket on its own, and those writes were the largest cost per mail.
      const raw = await new MailComposer({
        from: opts.from,
        to: { address: mail.to.email, name: mail.to.name },
        messageId: `<${mail.messageId}@marketshare>`,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        attachments: mail.attachments,
        headers: mail.headers,
      })
        .compile()
        .build();
      await transport.sendMail({ envelope: { from: opts.sender, to: [mail.to.email] }, raw });
    },
    /** Whether the SMTP server answers and accepts our login; cached briefly so probes do not hammer it. */
    verify(): Promise<void> {
      if (!verified || Date.now() - verified.at > VERIFY_CACHE_MS) {
        const result = transport.verify().then(() => undefined);
        result.catch(() => undefined); // observed by the caller; never an unhandled rejection
        verified = { at: Date.now(), result };
      }
      return verified.result;
    },
    close(): void {
      transport.close();
    },
  };
}
export type Mailer = ReturnType<typeof createMailer>;
