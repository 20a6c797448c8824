import { bigserial, index, pgTable, text, timestamp, uuid, integer, boolean } from 'drizzle-orm/pg-core';

/** Signing keys: the newest active one signs; all unretired ones are published in the JWKS. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  alg: text('alg').notNull(),
  privateJwk: text('private_jwk').notNull(),
  publicJwk: text('public_jwk').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Refresh tokens, stored as SHA-256 hashes. Each rotation spends the old token and issues a new one in the same
 * family; presenting a spent token again means it leaked, and the whole family is revoked.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    familyId: uuid('family_id').notNull(),
    clientId: text('client_id').notNull(),
    userId: integer('user_id').notNull(),
    username: text('username').notNull(),
    role: text('role').notNull(),
    scope: text('scope').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    spentAt: timestamp('spent_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId), index('refresh_tokens_user_idx').on(t.userId)],
);

/** Access tokens revoked before they expire (RFC 7009); introspection honours it. */
export const revokedAccessTokens = pgTable('revoked_access_tokens', {
  jti: text('jti').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * Sessions ended before their access tokens expired (a session is one refresh-token family). Services read them
 * after a cursor (`seq`) and refuse the access tokens that name them; a row is pruned once `expires_at`, the end
 * of the last access token the session could hold, has passed.
 */
export const endedSessions = pgTable(
  'ended_sessions',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    sid: uuid('sid').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('ended_sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Failed grants (and grants under way) by hashed key: the kind of limit, the client and the account or address it
 * counts. Shared by every replica, so replicas never multiply a limit; rows older than their window are pruned.
 */
export const failedAttempts = pgTable(
  'failed_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('failed_attempts_key_at_idx').on(t.key, t.at), index('failed_attempts_at_idx').on(t.at)],
);

export const schema = { signingKeys, refreshTokens, revokedAccessTokens, endedSessions, failedAttempts };
