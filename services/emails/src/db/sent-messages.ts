import { randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { schema, sentMessages } from './schema.js';

// Duplicate suppression by messageId, the way this service chose to close the crash windows:
//
//   claim (row 'sending') → send over SMTP → mark 'sent' → ack
//
// - Crash after the claim but before SMTP accepted: the broker redelivers; the claim looks fresh, so the
//   redelivery waits (a "busy" outcome) until it is older than EMAIL_CLAIM_STALE_MS and then takes it over and
//   sends. No mail is lost; it is only late.
// - Crash after SMTP accepted but before 'sent' was written: the same takeover sends it a second time. This is
//   the one window left, the price of at-least-once: it spans one database round trip.
// - Crash after 'sent' but before the ack: the redelivery finds 'sent' and is dropped.
// - A second copy arriving while the first is being sent finds a fresh claim and waits, then finds 'sent'.
// Recording only after sending would instead let two concurrent copies both send; claiming without a
// staleness limit would lose the mail of a process that died mid-send.

export type Claim = { state: 'claimed'; token: string } | { state: 'sent' } | { state: 'busy' };

const p = {
  messageId: sql.placeholder('messageId'),
  type: sql.placeholder('type'),
  token: sql.placeholder('token'),
};

/** The dedupe record. Its statements run for every message, so they are built and prepared once. */
export function sentMessagesStore(db: NodePgDatabase<typeof schema>, staleAfterMs: number) {
  const staleBefore = sql`now() - make_interval(secs => ${sql.raw(String(Math.floor(staleAfterMs / 1000)))})`;
  const claimStatement = db
    .insert(sentMessages)
    .values({ messageId: p.messageId, type: p.type, status: 'sending', claimToken: p.token })
    .onConflictDoUpdate({
      target: sentMessages.messageId,
      set: { claimToken: sql`excluded.claim_token`, claimedAt: sql`now()`, claims: sql`${sentMessages.claims} + 1` },
      // only a claim gone stale may be taken over; a 'sent' row never is
      setWhere: and(eq(sentMessages.status, 'sending'), lt(sentMessages.claimedAt, staleBefore)),
    })
    .returning({ token: sentMessages.claimToken })
    .prepare('sent_messages_claim');
  const statusStatement = db
    .select({ status: sentMessages.status })
    .from(sentMessages)
    .where(eq(sentMessages.messageId, p.messageId))
    .prepare('sent_messages_status');
  const markSentStatement = db
    .update(sentMessages)
    .set({ status: 'sent', sentAt: sql`now()` })
    .where(and(eq(sentMessages.messageId, p.messageId), eq(sentMessages.claimToken, p.token)))
    .prepare('sent_messages_mark_sent');
  const releaseStatement = db
    .delete(sentMessages)
    .where(and(eq(sentMessages.messageId, p.messageId), eq(sentMessages.claimToken, p.token), eq(sentMessages.status, 'sending')))
    .prepare('sent_messages_release');

  return {
    /** Claims `messageId` for sending, unless it was sent already or another attempt's claim is still fresh. */
    async claim(messageId: string, type: string): Promise<Claim> {
      const token = randomUUID();
      const [taken] = await claimStatement.execute({ messageId, type, token });
      if (taken?.token === token) return { state: 'claimed', token };
      const [row] = await statusStatement.execute({ messageId });
      // a row that vanished in between was released by a failed attempt: let the retry path try again
      return row?.status === 'sent' ? { state: 'sent' } : { state: 'busy' };
    },

    /** The SMTP server accepted the mail: from now on every copy of this messageId is a duplicate. */
    async markSent(messageId: string, token: string): Promise<void> {
      await markSentStatement.execute({ messageId, token });
    },

    /** Sending failed: drop our claim so that the retry can claim it at once. */
    async release(messageId: string, token: string): Promise<void> {
      await releaseStatement.execute({ messageId, token });
    },

    /** Forgets sent messages older than the retention: no broker keeps a copy that long. */
    async prune(retentionDays: number): Promise<number> {
      const rows = await db
        .delete(sentMessages)
        .where(and(eq(sentMessages.status, 'sent'), lt(sentMessages.sentAt, sql`now() - make_interval(days => ${retentionDays})`)))
        .returning({ id: sentMessages.messageId });
      return rows.length;
    },
  };
}
export type SentMessages = ReturnType<typeof sentMessagesStore>;
