import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { authoritiesOf, type AccessTokenClaims, type TokenRole } from '@marketshare/contracts';
import { and, asc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { endedSessions, refreshTokens, revokedAccessTokens, type schema } from '../db/schema.js';
import { SIGNING_ALG, type KeyRing } from './keys.js';

export type Db = NodePgDatabase<typeof schema>;
export const hashToken = (raw: string) => createHash('sha256').update(raw).digest('base64url');
export const newOpaqueToken = () => randomBytes(32).toString('base64url');

export interface Subject {
  /** The user id, or for a service token the client id. */
  sub: string;
  user_name?: string;
  role: TokenRole;
  /** A person's session: the refresh-token family their sign-in started. */
  sid?: string;
}

/** Signs an access token with the current key; its claims are AccessTokenClaims (packages/contracts). */
export async function signAccessToken(
  keys: KeyRing,
  issuer: string,
  subject: Subject,
  clientId: string,
  scope: string,
  ttlSeconds: number,
): Promise<{ token: string; jti: string; exp: number }> {
  const jti = randomUUID();
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + ttlSeconds;
  // iss, sub, jti, iat and exp are set below
  const claims: Omit<AccessTokenClaims, 'iss' | 'sub' | 'jti' | 'iat' | 'exp'> = {
    role: subject.role,
    authorities: [...authoritiesOf(subject.role)],
    scope,
    client_id: clientId,
    ...(subject.user_name && { user_name: subject.user_name }),
    ...(subject.sid && { sid: subject.sid }),
  } as Omit<AccessTokenClaims, 'iss' | 'sub' | 'jti' | 'iat' | 'exp'>;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: keys.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setSubject(subject.sub)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keys.privateKey);
  return { token, jti, exp };
}

export interface RefreshRecord {
  familyId: string;
  clientId: string;
  userId: number;
  username: string;
  role: string;
  scope: string;
  expiresAt: Date;
}

/**
 * Refresh tokens: opaque, stored hashed, rotated on every use, with reuse detection per family. A family is a
 * session: revoking it also records the session as ended until its last access token (`accessTtl` seconds from
 * now) has expired, so services refuse those access tokens too.
 */
export function refreshTokenStore(db: Db, opts: { accessTtl: number }) {
  const endSessions = async (sids: string[]) => {
    if (!sids.length) return;
    const expiresAt = new Date(Date.now() + opts.accessTtl * 1000);
    await db
      .insert(endedSessions)
      .values(sids.map((sid) => ({ sid, expiresAt })))
      .onConflictDoUpdate({ target: endedSessions.sid, set: { expiresAt } });
  };
  return {
    async save(raw: string, rec: RefreshRecord): Promise<void> {
      await db.insert(refreshTokens).values({ tokenHash: hashToken(raw), ...rec });
    },
    /**
     * The record when the token is live. A token that was already spent by a rotation is being replayed: the
     * family is revoked (the legitimate holder's newer token too) and nothing is returned.
     */
    async findLive(raw: string): Promise<(RefreshRecord & { tokenHash: string }) | undefined> {
      const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(raw)));
      if (!row) return undefined;
      if (row.spentAt && !row.revokedAt) {
        await this.revokeFamily(row.familyId);
        return undefined;
      }
      if (row.spentAt || row.revokedAt || row.expiresAt < new Date()) return undefined;
      return row;
    },
    /** Marks a token spent; false when another request spent or revoked it first. */
    async spend(raw: string): Promise<boolean> {
      const res = await db
        .update(refreshTokens)
        .set({ spentAt: new Date() })
        .where(and(eq(refreshTokens.tokenHash, hashToken(raw)), isNull(refreshTokens.spentAt), isNull(refreshTokens.revokedAt)));
      return (res.rowCount ?? 0) > 0;
    },
    /** Ends a session: its refresh tokens are revoked and its access tokens refused. */
    async revokeFamily(familyId: string): Promise<void> {
      await db
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
      await endSessions([familyId]);
    },
    /** Ends every session of a person but `keep` (the one that changed the password); answers how many ended. */
    async revokeUser(userId: number, keep?: string): Promise<number> {
      const rows = await db
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt), keep ? ne(refreshTokens.familyId, keep) : undefined))
        .returning({ familyId: refreshTokens.familyId });
      const families = [...new Set(rows.map((r) => r.familyId))];
      await endSessions(families);
      return families.length;
    },
    /** Sessions ended after a cursor, oldest first, at most `limit`. */
    async endedSince(after: number, limit = 1000): Promise<{ items: { sid: string; until: number }[]; next: number }> {
      const rows = await db
        .select()
        .from(endedSessions)
        .where(and(gt(endedSessions.seq, after), gt(endedSessions.expiresAt, new Date())))
        .orderBy(asc(endedSessions.seq))
        .limit(limit);
      return {
        items: rows.map((r) => ({ sid: r.sid, until: Math.ceil(r.expiresAt.getTime() / 1000) })),
        next: rows.length ? rows[rows.length - 1]!.seq : after,
      };
    },
    async isSessionEnded(sid: string): Promise<boolean> {
      const [row] = await db.select({ sid: endedSessions.sid }).from(endedSessions).where(eq(endedSessions.sid, sid));
      return !!row;
    },
    async byHash(raw: string) {
      const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(raw)));
      return row;
    },
    async revokeAccessToken(jti: string, exp: number): Promise<void> {
      await db.insert(revokedAccessTokens).values({ jti, expiresAt: new Date(exp * 1000) }).onConflictDoNothing();
    },
    async isAccessTokenRevoked(jti: string): Promise<boolean> {
      const [row] = await db.select({ jti: revokedAccessTokens.jti }).from(revokedAccessTokens).where(eq(revokedAccessTokens.jti, jti));
      return !!row;
    },
    /** Forget what can no longer matter: expired refresh tokens and revoked access tokens past their expiry. */
    async prune(): Promise<void> {
      await db.delete(revokedAccessTokens).where(lt(revokedAccessTokens.expiresAt, new Date()));
      await db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, sql`now() - interval '1 day'`));
      await db.delete(endedSessions).where(lt(endedSessions.expiresAt, new Date()));
    },
  };
}
export type RefreshTokenStore = ReturnType<typeof refreshTokenStore>;
