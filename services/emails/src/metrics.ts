import type { Metrics } from '@marketshare/service-kit';

/** The emails service's metrics, named as docs/internals.md pins them (the dashboards depend on the names). */
export function createEmailMetrics(metrics: Metrics) {
  return {
    consumed: metrics.counter('emails_consumed_total', 'Messages received from the broker, by type', ['type']),
    sent: metrics.counter('emails_sent_total', 'E-mails accepted by the SMTP server, by type', ['type']),
    retried: metrics.counter('emails_retried_total', 'Messages parked in a retry queue after a failure, by type', ['type']),
    deadLettered: metrics.counter('emails_dead_lettered_total', 'Messages moved to the dead-letter queue, by type', ['type']),
    duplicates: metrics.counter('emails_duplicates_total', 'Messages dropped because their messageId was already sent', ['type']),
    sendDuration: metrics.histogram('email_send_duration_seconds', 'Time for the SMTP server to accept one e-mail', [], [
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]),
  };
}
export type EmailMetrics = ReturnType<typeof createEmailMetrics>;
