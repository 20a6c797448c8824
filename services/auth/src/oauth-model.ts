import type { VerifiedUser as VerifiedUserAnswer } from '@marketshare/contracts';
import { randomUUID } from 'node:crypto';
import type { ClientRegistry, OAuthClient } from './domain/clients.js';
import { newOpaqueToken, signAccessToken, type RefreshTokenStore, type Subject } from './domain/tokens.js';
import type { KeyRing } from './domain/keys.js';

/** What auth keeps of what the users service says about a person whose password checked out. */
export type VerifiedUser = Pick<VerifiedUserAnswer, 'id' | 'username' | 'role'>;
type ModelUser = (VerifiedUser & { familyId?: string }) | { service: string };
type ModelClient = { id: string; grants: string[]; accessTokenLifetime: number; refreshTokenLifetime: number; scopes: string[] };

const toModelClient = (c: OAuthClient, accessTtl: number, refreshTtl: number): ModelClient => ({
  id: c.id,
  grants: c.grants,
  scopes: c.scopes,
  accessTokenLifetime: accessTtl,
  refreshTokenLifetime: refreshTtl,
});

const subjectOf = (user: ModelUser, clientId: string): Subject =>
  'service' in user
    ? { sub: clientId, role: 'service' }
    : { sub: String(user.id), user_name: user.username, role: user.role, ...(user.familyId && { sid: user.familyId }) };

/**
 * The storage model for @node-oauth/oauth2-server: the library runs the grant flows and RFC 6749 errors; this
 * model supplies clients, users, JWT access tokens and rotating refresh tokens.
 */
export function oauthModel(deps: {
  clients: ClientRegistry;
  keys: KeyRing;
  issuer: string;
  accessTtl: number;
  refreshTtl: number;
  refresh: RefreshTokenStore;
  verifyPassword: (username: string, password: string) => Promise<VerifiedUser | undefined>;
}) {
  const { accessTtl, refreshTtl } = deps;
  return {
    async getClient(clientId: string, clientSecret: string | null) {
      if (clientSecret === null) return false;
      const c = deps.clients.authenticate(clientId, clientSecret);
      return c ? toModelClient(c, accessTtl, refreshTtl) : false;
    },
    async getUser(username: string, password: string) {
      const user = await deps.verifyPassword(username, password);
      // a sign-in starts a session: its refresh-token family, named in every access token it yields (sid)
      return user ? { ...user, familyId: randomUUID() } : false;
    },
    async getUserFromClient(client: ModelClient) {
      return { service: client.id };
    },
    async validateScope(_user: ModelUser, client: ModelClient, scope?: string[]) {
      if (!scope || scope.length === 0) return [client.scopes[0]!];
      return scope.every((s) => client.scopes.includes(s)) ? scope : false;
    },
    async generateAccessToken(client: ModelClient, user: ModelUser, scope: string[]) {
      const { token } = await signAccessToken(deps.keys, deps.issuer, subjectOf(user, client.id), client.id, scope.join(' '), accessTtl);
      return token;
    },
    async generateRefreshToken() {
      return newOpaqueToken();
    },
    async saveToken(
      token: { accessToken: string; accessTokenExpiresAt?: Date; refreshToken?: string; refreshTokenExpiresAt?: Date; scope?: string[] },
      client: ModelClient,
      user: ModelUser,
    ) {
      if (token.refreshToken && !('service' in user)) {
        await deps.refresh.save(token.refreshToken, {
          familyId: user.familyId ?? randomUUID(),
          clientId: client.id,
          userId: user.id,
          username: user.username,
          role: user.role,
          scope: (token.scope ?? []).join(' '),
          expiresAt: token.refreshTokenExpiresAt ?? new Date(Date.now() + refreshTtl * 1000),
        });
      }
      const { refreshToken, refreshTokenExpiresAt, ...rest } = token;
      const saved = { ...rest, client, user };
      return 'service' in user ? saved : { ...saved, refreshToken, refreshTokenExpiresAt };
    },
    async getRefreshToken(raw: string) {
      const rec = await deps.refresh.findLive(raw);
      if (!rec) return false;
      return {
        refreshToken: raw,
        refreshTokenExpiresAt: rec.expiresAt,
        scope: rec.scope.split(' ').filter(Boolean),
        client: { id: rec.clientId },
        user: { id: rec.userId, username: rec.username, role: rec.role as VerifiedUser['role'], familyId: rec.familyId },
      };
    },
    async revokeToken(token: { refreshToken: string }) {
      return deps.refresh.spend(token.refreshToken);
    },
  };
}
