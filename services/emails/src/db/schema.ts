import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per messageId this service has started or finished sending: the duplicate filter. A row is first a
 * claim (`status = 'sending'`, owned by `claimToken`) and becomes `'sent'` once the SMTP server accepted the mail.
 */
export const sentMessages = pgTable(
  'sent_messages',
  {
    messageId: text('message_id').primaryKey(),
    type: text('type').notNull(),
    status: text('status', { enum: ['sending', 'sent'] }).notNull(),
    claimToken: uuid('claim_token').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** How many claims this messageId has had: more than one means a stale claim was taken over. */
    claims: integer('claims').notNull().default(1),
  },
  (t) => [index('sent_messages_sent_at_idx').on(t.sentAt)],
);

export const schema = { sentMessages };
