import { MicroCache } from '@marketshare/microcache';
import { readPage } from '@marketshare/service-kit';
import { and, count, desc, eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '@marketshare/contracts';
import type { UserRecord } from '../domain/user-view.js';
import { escapeLike } from './reference-data.js';
import { balances, banks, countries, organizations, users } from './schema.js';
import { writeCount, type Db, type Executor } from './store.js';

const recordColumns = {
  id: users.id,
  username: users.username,
  email: users.email,
  role: users.role,
  locale: users.locale,
  registeredAt: users.registeredAt,
  countryCode: users.countryCode,
  countryNameEs: countries.nameEs,
  countryNameEn: countries.nameEn,
  organizationId: users.organizationId,
  organizationName: organizations.name,
  bankId: users.bankId,
  bankName: banks.name,
  balance: balances.amount,
};

const selectRecords = (db: Executor) =>
  db
    .select(recordColumns)
    .from(users)
    .innerJoin(countries, eq(countries.code, users.countryCode))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(banks, eq(banks.id, users.bankId))
    .leftJoin(balances, eq(balances.userId, users.id));

// The read behind every signed-in page: built once per executor and sent as a server-side prepared statement,
// so a request pays neither for building the SQL nor for the server parsing it.
const preparedById = new WeakMap<Executor, ReturnType<typeof prepareById>>();
const prepareById = (db: Executor) =>
  selectRecords(db)
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare();

export async function findUserRecord(db: Executor, id: number): Promise<UserRecord | undefined> {
  let prepared = preparedById.get(db);
  if (!prepared) preparedById.set(db, (prepared = prepareById(db)));
  const [row] = await prepared.execute({ id });
  return row;
}

/**
 * Profile reads for display (`GET /api/users/me`, public profiles), remembered for at most `ttlMs`. Any write by
 * this process empties the cache, so a person always sees their own change at once; a change made through
 * another replica shows within `ttlMs`. Money is never decided from this cache: debits and refunds read and
 * update the balance row inside their own transactions.
 */
export function cachedUserRecords(db: Db, ttlMs: number) {
  const cache = new MicroCache(ttlMs, 50_000);
  let seenWrites = writeCount();
  return (id: number): Promise<UserRecord | undefined> => {
    // a write since the last read may not be in what the cache holds, also in a read still under way: drop it all
    if (seenWrites !== writeCount()) {
      cache.clear();
      seenWrites = writeCount();
    }
    return cache.remember(String(id), () => findUserRecord(db, id));
  };
}

/** The directory: newest first, optionally one role and those whose username or organization contains `q`. */
export async function listUserRecords(
  db: Executor,
  filter: { role?: Role; q?: string },
  page: number,
  pageSize: number,
): Promise<{ items: UserRecord[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(or(like(users.username, pattern), like(organizations.name, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  return readPage(page, pageSize, {
    rows: (limit, offset) => selectRecords(db).where(where).orderBy(desc(users.registeredAt), desc(users.id)).limit(limit).offset(offset),
    total: async () =>
      (await db.select({ total: count() }).from(users).innerJoin(organizations, eq(organizations.id, users.organizationId)).where(where))[0]
        ?.total ?? 0,
  });
}

/** Credentials by canonical username (contracts' canonicalUsername), matched byte for byte. */
export async function findCredentials(db: Executor, usernameKey: string) {
  const [row] = await db
    .select({ id: users.id, username: users.username, role: users.role, locale: users.locale, email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.usernameKey, usernameKey))
    .limit(1);
  return row;
}
