import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { authoritiesOf, type AccessTokenClaims, type TokenRole } from '@marketshare/contracts';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { refreshTokens, revokedAccessTokens, type schema } from '../db/schema.js';
import { SIGNING_ALG, type KeyRing } from './keys.js';

export type Db = NodePgDatabase<typeof schema>;
export const hashToken = (raw: string) => createHash('sha256').update(raw).digest('base64url');
export const newOpaqueToken = () => randomBytes(32).toString('base64url');

export interface Subject {
  /** The user id, or for a service token the client id. */
  sub: string;
  user_name?: string;
  role: TokenRole;
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

/** Refresh tokens: opaque, stored hashed, rotated on every use, with reuse detection per family. */
export function refreshTokenStore(db: Db) {
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
    async revokeFamily(familyId: string): Promise<void> {
      await db
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    },
    async revokeUser(userId: number): Promise<number> {
      const res = await db
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
      return res.rowCount ?? 0;
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
    },
  };
}
export type RefreshTokenStore = ReturnType<typeof refreshTokenStore>;
