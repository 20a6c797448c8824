import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../vocabularies.js';
import { oneOf } from './common.js';

// The auth service: OAuth 2 (its request and answer shapes follow RFC 6749, 7009 and 7662), the claims of the
// access tokens it signs, and its one service-to-service endpoint.

const claimsBase = {
  iss: Type.String(),
  jti: Type.String(),
  iat: Type.Integer(),
  exp: Type.Integer(),
  scope: Type.String(),
  client_id: Type.String(),
};
/** A person's access token: `sub` is the user id as a string. */
export const UserClaims = Type.Object({
  ...claimsBase,
  sub: Type.String({ pattern: '^[1-9][0-9]*$' }),
  user_name: Type.String(),
  role: oneOf(ROLES),
  authorities: Type.Array(Type.Union([Type.Literal('ROLE_CONSUMER'), Type.Literal('ROLE_SELLER')])),
  /** The session (one sign-in and its refreshes): revoking it ends every access token that names it. */
  sid: Type.Optional(Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' })),
});
export type UserClaims = Static<typeof UserClaims>;
/** A service's access token (client_credentials): `sub` is the client id. */
export const ServiceClaims = Type.Object({
  ...claimsBase,
  sub: Type.String(),
  role: Type.Literal('service'),
  authorities: Type.Array(Type.Literal('ROLE_SERVICE')),
});
export type ServiceClaims = Static<typeof ServiceClaims>;
/** The claims of every access token auth signs (a JWT, EdDSA, `typ: at+jwt`). */
export const AccessTokenClaims = Type.Union([UserClaims, ServiceClaims]);
export type AccessTokenClaims = Static<typeof AccessTokenClaims>;
export type TokenRole = AccessTokenClaims['role'];
export const authoritiesOf = (role: TokenRole) =>
  role === 'consumer'
    ? (['ROLE_CONSUMER'] as const)
    : role === 'seller'
      ? (['ROLE_SELLER'] as const)
      : (['ROLE_SERVICE'] as const);

const form = (fields: Record<string, string>) =>
  Type.Object(
    Object.fromEntries(Object.entries(fields).map(([k, description]) => [k, Type.Optional(Type.String({ description }))])),
    // The OAuth endpoints answer their own errors (RFC 6749 §5.2), so the form is described here, not enforced.
    { additionalProperties: true },
  );
/** POST /oauth/token (form-encoded); the client authenticates with HTTP Basic or client_id/client_secret. */
export const TokenRequest = form({
  grant_type: 'password, refresh_token or client_credentials',
  username: 'password grant',
  password: 'password grant',
  refresh_token: 'refresh_token grant',
  scope: 'optional; user for people, internal for services',
  client_id: 'when the client does not use HTTP Basic',
  client_secret: 'when the client does not use HTTP Basic',
});
export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.String(),
  expires_in: Type.Integer(),
  refresh_token: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
});
export type TokenResponse = Static<typeof TokenResponse>;
/** RFC 6749 §5.2 error body of the OAuth endpoints. */
export const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) });
export type OAuthErrorBody = Static<typeof OAuthErrorBody>;
export const TokenParamRequest = form({
  token: 'the access or refresh token',
  token_type_hint: 'access_token or refresh_token',
  client_id: 'when the client does not use HTTP Basic',
  client_secret: 'when the client does not use HTTP Basic',
});
/** RFC 7662: `active` and, when active, the token's claims. */
export const IntrospectionResponse = Type.Object(
  {
    active: Type.Boolean(),
    token_type: Type.Optional(Type.String()),
    sub: Type.Optional(Type.String()),
    username: Type.Optional(Type.String()),
    user_name: Type.Optional(Type.String()),
    role: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    exp: Type.Optional(Type.Integer()),
    iat: Type.Optional(Type.Integer()),
    iss: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type IntrospectionResponse = Static<typeof IntrospectionResponse>;
/** RFC 8414 authorization server metadata. */
export const AuthorizationServerMetadata = Type.Object(
  {
    issuer: Type.String(),
    token_endpoint: Type.String(),
    jwks_uri: Type.String(),
    grant_types_supported: Type.Array(Type.String()),
  },
  { additionalProperties: true },
);
/** RFC 7517 key set: the public keys access tokens are signed with. */
export const JsonWebKeySet = Type.Object({
  keys: Type.Array(
    Type.Object({ kid: Type.Optional(Type.String()), kty: Type.Optional(Type.String()) }, { additionalProperties: true }),
  ),
});

/** POST /internal/clients/authenticate: a client's credentials as another service received them. */
export const ClientAuthenticationBody = Type.Object(
  { clientId: Type.String({ minLength: 1, maxLength: 200 }), secret: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type ClientAuthenticationBody = Static<typeof ClientAuthenticationBody>;
/** The client those credentials prove, with the grants it holds. */
export const AuthenticatedClient = Type.Object({
  clientId: Type.String(),
  grants: Type.Array(Type.Union([Type.Literal('password'), Type.Literal('refresh_token'), Type.Literal('client_credentials')])),
});
export type AuthenticatedClient = Static<typeof AuthenticatedClient>;

/** POST /internal/users/:id/revoke-tokens: end a person's sessions, all but the one named (a password change). */
export const RevokeUserTokensQuery = Type.Object(
  { keepSession: Type.Optional(Type.String({ format: 'uuid', description: 'the session that made the change' })) },
  { additionalProperties: false },
);
export type RevokeUserTokensQuery = Static<typeof RevokeUserTokensQuery>;
/**
 * GET /oauth/ended-sessions: sessions ended before their access tokens expired, after a cursor; like a certificate
 * revocation list it is public, since it names only sessions whose tokens no longer work. `until` is when the last
 * access token of the session expires, after which the entry no longer matters.
 */
export const EndedSessionsQuery = Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false });
export const EndedSessions = Type.Object({
  items: Type.Array(Type.Object({ sid: Type.String(), until: Type.Integer({ description: 'seconds since the epoch' }) })),
  next: Type.Integer({ description: 'the cursor to ask with next time' }),
});
export type EndedSessions = Static<typeof EndedSessions>;
