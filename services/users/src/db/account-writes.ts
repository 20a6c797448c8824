import { eq } from 'drizzle-orm';
import { canonicalUsername, type EmailMessageInput, type Locale, type Role } from '@marketshare/contracts';
import { outboxMessage } from '@marketshare/service-kit';
import type { EditableProfile } from '../domain/account-messages.js';
import { balances, outbox, users } from './schema.js';
import type { Executor, Tx } from './store.js';

// The account changes the routes make, each inside the transaction that also queues its e-mail.

/** Queues an e-mail in the same transaction as the change it announces (the outbox relays it after commit). */
export async function queueEmail(tx: Tx, message: EmailMessageInput, exchange: string): Promise<void> {
  await tx.insert(outbox).values(outboxMessage(message, exchange));
}

/** A new account, with a zero balance when it is a consumer's; its id. */
export async function insertAccount(
  tx: Tx,
  account: {
    username: string;
    email: string;
    passwordHash: string;
    role: Role;
    countryCode: string;
    organizationId: number;
    bankId: number | null;
    locale: Locale;
  },
): Promise<number> {
  const usernameKey = canonicalUsername(account.username);
  if (usernameKey === undefined) throw new Error('insertAccount needs a username of the registration pattern');
  const [created] = await tx.insert(users).values({ ...account, usernameKey }).$returningId();
  const userId = created!.id;
  if (account.role === 'consumer') await tx.insert(balances).values({ userId, amount: 0 });
  return userId;
}

/** The profile fields a person may change, locked until the transaction ends. */
export async function lockEditableProfile(tx: Tx, id: number) {
  const [current] = await tx
    .select({
      username: users.username,
      email: users.email,
      countryCode: users.countryCode,
      organizationId: users.organizationId,
      bankId: users.bankId,
      locale: users.locale,
    })
    .from(users)
    .where(eq(users.id, id))
    .for('update');
  return current;
}

export async function updateProfile(tx: Tx, id: number, next: EditableProfile): Promise<void> {
  await tx.update(users).set(next).where(eq(users.id, id));
}

/** What a password change needs of an account: its hash, and where to tell about the change. */
export async function findPasswordAccount(db: Executor, id: number) {
  const [account] = await db
    .select({ username: users.username, email: users.email, locale: users.locale, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, id));
  return account;
}

export async function setPasswordHash(tx: Tx, id: number, passwordHash: string): Promise<void> {
  await tx.update(users).set({ passwordHash }).where(eq(users.id, id));
}
