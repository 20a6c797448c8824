import type { EmailsConfig } from './config.js';

/** What the HTTP app needs from the process: built by `startService`, or by a test with real stores. */
export interface EmailsDeps {
  config: EmailsConfig;
  /** Consuming from RabbitMQ right now. */
  brokerConnected: () => boolean;
  smtpReachable: () => Promise<void>;
  databaseReachable: () => Promise<void>;
}
