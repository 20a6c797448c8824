import addressparser from 'nodemailer/lib/addressparser';
import { ConfigError, Type, env, loadConfig, type Static } from '@marketshare/service-kit';

// The emails service's environment (docs/internals.md). It serves HTTP only for health and metrics; its work
// arrives through RabbitMQ, and it keeps one table of its own: the record of messages already sent.
export const EmailsConfigSchema = Type.Object({
  EMAILS_PORT: env.port(8030),
  HOST: env.HOST,
  LOG_LEVEL: env.LOG_LEVEL,
  RABBITMQ_URL: env.RABBITMQ_URL,
  EMAIL_EXCHANGE: env.EMAIL_EXCHANGE,
  EMAIL_QUEUE_PREFIX: Type.String({
    default: '',
    pattern: '^[\\w.-]{0,60}$',
    description: 'Prefix of every queue name, so parallel test stacks never share a queue',
  }),
  EMAILS_DATABASE_URL: env.url(
    'postgresql://postgres@127.0.0.1:5432/marketshare_emails',
    'PostgreSQL database holding the record of sent messages (duplicate suppression)',
  ),
  SMTP_URL: env.url('smtp://127.0.0.1:1025', 'SMTP server (smtp:// or smtps://, credentials in the URL)'),
  MAIL_FROM: Type.String({ default: 'Marketshare <no-reply@marketshare.local>', minLength: 3, maxLength: 200 }),
  SMTP_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 50, description: 'Pooled SMTP connections' }),
  EMAIL_PREFETCH: Type.Integer({
    default: 20,
    minimum: 1,
    maximum: 500,
    description: 'Unacknowledged messages the broker may hand this process per queue',
  }),
  EMAIL_RETRY_DELAYS_MS: Type.String({
    default: '1000,5000,30000,120000,600000',
    pattern: '^\\d{1,9}(,\\d{1,9}){0,19}$',
    description: 'Delays between send attempts; after the last one a message is dead-lettered',
  }),
  EMAIL_CLAIM_STALE_MS: Type.Integer({
    default: 300_000,
    minimum: 1000,
    description: 'After this long a "sending" claim left by a crashed process may be taken over',
  }),
  EMAIL_DEDUPE_RETENTION_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 3650 }),
  MAIL_TIME_ZONE: Type.String({
    default: 'America/Argentina/Buenos_Aires',
    maxLength: 64,
    description: 'Time zone of the dates shown in e-mails',
  }),
});
export type EmailsConfig = Static<typeof EmailsConfigSchema> & { retryDelaysMs: number[]; senderAddress: string };

export function loadEmailsConfig(source: NodeJS.ProcessEnv): EmailsConfig {
  const config = loadConfig(EmailsConfigSchema, source);
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.MAIL_TIME_ZONE }); // a bad zone fails at start-up, not per mail
  } catch {
    throw new ConfigError([`MAIL_TIME_ZONE: unknown time zone (got ${JSON.stringify(config.MAIL_TIME_ZONE)})`]);
  }
  const senderAddress = addressparser(config.MAIL_FROM, { flatten: true })[0]?.address;
  if (!senderAddress?.includes('@')) throw new ConfigError([`MAIL_FROM: no e-mail address in ${JSON.stringify(config.MAIL_FROM)}`]);
  return { ...config, senderAddress, retryDelaysMs: config.EMAIL_RETRY_DELAYS_MS.split(',').map(Number) };
}
