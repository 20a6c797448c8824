import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  customType,
  datetime,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { mysqlOutbox } from '@marketshare/service-kit';
import { LEDGER_KINDS, LOCALES, ROLES } from '@marketshare/contracts';

/**
 * A name compared case-insensitively: the unique index then rejects `Ana` next to `ana`, while the column keeps
 * the name as typed. The collation is spelled out so this holds even in a database created with another default.
 */
const caseInsensitiveName = customType<{ data: string; config: { length: number } }>({
  dataType: (config) => `varchar(${config?.length ?? 100}) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
});

/** An opaque key sent by a client, compared byte for byte: `abc` and `ABC` are different keys. */
const clientKey = customType<{ data: string; config: { length: number } }>({
  dataType: (config) => `varchar(${config?.length ?? 100}) CHARACTER SET ascii COLLATE ascii_bin`,
});

export const countries = mysqlTable('countries', {
  code: char('code', { length: 2 }).primaryKey(),
  nameEs: varchar('name_es', { length: 100 }).notNull(),
  nameEn: varchar('name_en', { length: 100 }).notNull(),
});

export const banks = mysqlTable('banks', {
  id: int('id').autoincrement().primaryKey(),
  name: caseInsensitiveName('name', { length: 100 }).notNull().unique(),
});

// Each account makes its own organization (two may share a name), so nobody joins another's by naming it.
export const organizations = mysqlTable(
  'organizations',
  {
    id: int('id').autoincrement().primaryKey(),
    name: caseInsensitiveName('name', { length: 100 }).notNull(),
  },
  (t) => [index('organizations_name_idx').on(t.name)],
);

export const users = mysqlTable(
  'users',
  {
    id: int('id').autoincrement().primaryKey(),
    username: caseInsensitiveName('username', { length: 32 }).notNull().unique(),
    // the canonical form (contracts' canonicalUsername), compared byte for byte: sign-in looks people up by it
    usernameKey: clientKey('username_key', { length: 32 }).notNull().unique(),
    email: varchar('email', { length: 254 }).notNull(),
    passwordHash: varchar('password_hash', { length: 100 }).notNull(),
    role: mysqlEnum('role', ROLES).notNull(),
    countryCode: char('country_code', { length: 2 })
      .notNull()
      .references(() => countries.code),
    organizationId: int('organization_id')
      .notNull()
      .references(() => organizations.id),
    // consumers only: the bank their funds come from
    bankId: int('bank_id').references(() => banks.id),
    locale: mysqlEnum('locale', LOCALES).notNull().default('es'),
    registeredAt: datetime('registered_at', { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  // the directory lists newest first, optionally by role
  (t) => [index('users_role_registered_idx').on(t.role, t.registeredAt), index('users_registered_idx').on(t.registeredAt)],
);

/**
 * One row per person who holds money (consumers from registration, sellers from their first sale): the balance the
 * ledger adds up to, kept so a debit is one conditional UPDATE. Only orders-service debits, and only consumers.
 */
export const balances = mysqlTable('balances', {
  userId: int('user_id')
    .primaryKey()
    .references(() => users.id),
  amount: bigint('amount', { mode: 'number' }).notNull().default(0),
});

export type { LedgerKind } from '@marketshare/contracts';

/**
 * One withdrawal to a bank: the bank as the profile named it when the money left, so a later change of bank never
 * rewrites where past withdrawals went.
 */
export const withdrawals = mysqlTable('withdrawals', {
  id: int('id').autoincrement().primaryKey(),
  userId: int('user_id')
    .notNull()
    .references(() => users.id),
  bankId: int('bank_id')
    .notNull()
    .references(() => banks.id),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  createdAt: datetime('created_at', { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});

/**
 * Every movement of money, one row per ledger transaction; the row's kind names the account on its other side
 * (docs/ledger.md): TOPUP outside → person, DEBIT person → escrow, REFUND escrow → person, SALE escrow → seller,
 * FEE escrow → platform (the row names the seller whose sale paid it, whose balance it does not move), WITHDRAWAL
 * person → outside. `(kind, order_id)` is unique, so an order is debited at most once and
 * refunded at most once whatever the retries; top-ups carry no order and MariaDB lets NULLs repeat. A top-up sent
 * with an Idempotency-Key keeps it, and `(user_id, idempotency_key)` is unique, so it credits once per key.
 */
export const ledgerEntries = mysqlTable(
  'ledger_entries',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    userId: int('user_id')
      .notNull()
      .references(() => users.id),
    kind: mysqlEnum('kind', LEDGER_KINDS).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    orderId: int('order_id'),
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    createdAt: datetime('created_at', { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    idempotencyKey: clientKey('idempotency_key', { length: 100 }),
    withdrawalId: int('withdrawal_id').references(() => withdrawals.id),
  },
  (t) => [
    uniqueIndex('ledger_kind_order_uq').on(t.kind, t.orderId),
    uniqueIndex('ledger_user_key_uq').on(t.userId, t.idempotencyKey),
    index('ledger_user_idx').on(t.userId, t.id),
    index('ledger_user_time_idx').on(t.userId, t.createdAt),
  ],
);

/**
 * A "forgot my password" link: only the SHA-256 of its token is kept, so a copy of the database opens no account.
 * Single use (`used_at`), valid until `expires_at`; the rows per account in the last window are its rate limit.
 */
export const passwordResets = mysqlTable(
  'password_resets',
  {
    id: int('id').autoincrement().primaryKey(),
    userId: int('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: char('token_hash', { length: 64 }).notNull().unique(),
    expiresAt: datetime('expires_at', { fsp: 3 }).notNull(),
    usedAt: datetime('used_at', { fsp: 3 }),
    createdAt: datetime('created_at', { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('password_resets_user_idx').on(t.userId, t.createdAt)],
);

/**
 * The limits that protect accounts (registrations, password changes and resets, welcome mail per recipient domain),
 * shared by every replica (docs/design.md §7): one row per limit and key, a fixed window counted in the row. The key
 * is hashed, so the table holds no username or address and 43 characters a key whatever a caller sends; a row whose
 * window is over counts for nothing and is pruned, so the table holds only keys seen in their last window.
 */
export const rateLimits = mysqlTable(
  'rate_limits',
  {
    keyHash: char('key_hash', { length: 43 }).primaryKey(),
    hits: int('hits', { unsigned: true }).notNull(),
    resetsAt: datetime('resets_at', { fsp: 3 }).notNull(),
  },
  (t) => [index('rate_limits_resets_at_idx').on(t.resetsAt)],
);

export const outbox = mysqlOutbox;

export const schema = { countries, banks, organizations, users, balances, withdrawals, ledgerEntries, passwordResets, rateLimits, outbox };
export type Schema = typeof schema;
