import type { FastifyBaseLogger } from 'fastify';
import type { MessageType } from '@marketshare/contracts';
import type { SentMessages } from './db/sent-messages.js';
import { isPermanentSmtpError, type Outcome } from './domain/delivery-policy.js';
import { parseEmailMessage } from './domain/email-message.js';
import type { Mailer } from './mailer.js';
import type { EmailMetrics } from './metrics.js';
import { logoAttachment, renderEmail, type RenderContext } from './templates/index.js';

export interface DeliverDeps {
  sentMessages: SentMessages;
  mailer: Mailer;
  metrics: EmailMetrics;
  render: RenderContext;
  log: FastifyBaseLogger;
}

/**
 * One attempt at turning a message into an e-mail: parse, render, claim its messageId, send, record. It says
 * what happened and leaves the broker to the consumer (acknowledge, retry later or dead-letter).
 */
export function createEmailDelivery(deps: DeliverDeps) {
  return async function deliverEmail(content: Buffer, queueType: MessageType): Promise<Outcome> {
    const parsed = parseEmailMessage(content, queueType);
    if (!parsed.ok) return { kind: 'rejected', reason: 'malformed', error: parsed.error };
    const message = parsed.message;
    // Rendered before claiming, so that a template failure never leaves a claim behind.
    let rendered;
    try {
      rendered = renderEmail(message, deps.render);
    } catch (e) {
      return { kind: 'rejected', reason: 'malformed', error: `cannot render: ${(e as Error).message}` };
    }

    let claim;
    try {
      claim = await deps.sentMessages.claim(message.messageId, message.type);
    } catch (e) {
      return { kind: 'failed', error: `dedupe store unavailable: ${(e as Error).message}` };
    }
    if (claim.state === 'sent') return { kind: 'duplicate' };
    if (claim.state === 'busy') return { kind: 'busy' };

    const started = process.hrtime.bigint();
    try {
      await deps.mailer.send({
        messageId: message.messageId,
        to: message.to,
        ...rendered,
        attachments: [logoAttachment()],
        headers: { 'X-Marketshare-Type': message.type },
      });
    } catch (e) {
      await deps.sentMessages.release(message.messageId, claim.token).catch(() => undefined); // else it goes stale
      const error = smtpErrorText(e);
      return isPermanentSmtpError(e) ? { kind: 'rejected', reason: 'refused', error } : { kind: 'failed', error };
    }
    deps.metrics.sendDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);

    try {
      await deps.sentMessages.markSent(message.messageId, claim.token);
    } catch (e) {
      // The mail is out; do not send it again. The claim stays 'sending' and only a later copy arriving after it
      // went stale would repeat it.
      deps.log.warn({ messageId: message.messageId, err: (e as Error).message }, 'sent, but could not record it');
    }
    return { kind: 'sent' };
  };
}
export type DeliverEmail = ReturnType<typeof createEmailDelivery>;

// nodemailer's error carries the server's reply; the recipient's address is in it at most, never a secret.
function smtpErrorText(e: unknown): string {
  const err = e as { message?: string; code?: string; responseCode?: number };
  return [err.code, err.responseCode, err.message].filter((x) => x !== undefined).join(' ').slice(0, 500);
}
