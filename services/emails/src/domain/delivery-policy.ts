// What happens to a message after one attempt to deliver it. Pure: the consumer applies the decision.

/** The result of one attempt to handle a message. */
export type Outcome =
  | { kind: 'sent' }
  /** The record says this messageId was already sent: at-least-once delivery brought it twice. */
  | { kind: 'duplicate' }
  /** Another attempt holds a fresh claim on this messageId; look again later. */
  | { kind: 'busy' }
  /** Can never be sent as it is (bad JSON, wrong shape, unknown type, address refused by the server). */
  | { kind: 'rejected'; reason: 'malformed' | 'refused'; error: string }
  /** Might work later (SMTP or database unavailable, a 4xx from the server). */
  | { kind: 'failed'; error: string };

export type NextStep =
  | { action: 'ack' }
  /** Park the message in the retry queue of `delayIndex`, recording `attempt` as the number of failures so far. */
  | { action: 'retry'; delayIndex: number; attempt: number; error?: string }
  | { action: 'dead-letter'; reason: 'malformed' | 'refused' | 'retries-exhausted'; error: string };

/**
 * `failures` is how many earlier attempts of this message failed. A failure waits for the next configured delay;
 * once the delays are used up the message is dead-lettered. A busy message waits the longest delay without
 * spending an attempt: the claim it waits for is either completed or goes stale, so the wait is bounded.
 */
export function nextStep(outcome: Outcome, failures: number, retryDelaysMs: readonly number[]): NextStep {
  switch (outcome.kind) {
    case 'sent':
    case 'duplicate':
      return { action: 'ack' };
    case 'rejected':
      return { action: 'dead-letter', reason: outcome.reason, error: outcome.error };
    case 'busy':
      return retryDelaysMs.length
        ? { action: 'retry', delayIndex: retryDelaysMs.length - 1, attempt: failures }
        : { action: 'dead-letter', reason: 'retries-exhausted', error: 'claimed by another attempt' };
    case 'failed':
      return failures < retryDelaysMs.length
        ? { action: 'retry', delayIndex: failures, attempt: failures + 1, error: outcome.error }
        : { action: 'dead-letter', reason: 'retries-exhausted', error: outcome.error };
  }
}

/** The failure count a message carries in its headers (absent or garbage counts as none). */
export function failuresSoFar(headers: Record<string, unknown> | undefined): number {
  const n = Number(headers?.['x-retry-count'] ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * A 5xx reply to this message's recipient or content is permanent (RFC 5321 §4.2.1): the same message would be
 * refused again, so it is dead-lettered at once. A 5xx to login or to the sender is our configuration, not the
 * message, and like 4xx replies, refused connections and timeouts it is retried.
 */
export function isPermanentSmtpError(err: unknown): boolean {
  const { responseCode, command } = (err ?? {}) as { responseCode?: unknown; command?: unknown };
  return (
    typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && (command === 'RCPT TO' || command === 'DATA')
  );
}
