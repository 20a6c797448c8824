import { Type, type Static } from '@sinclair/typebox';

// The auth service's own shapes between services (the OAuth endpoints themselves follow their RFCs).

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
