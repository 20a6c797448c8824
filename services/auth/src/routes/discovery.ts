import { authApi as api } from '@marketshare/contracts';
import { schemaOf, type ServiceApp } from '@marketshare/service-kit';
import type { AuthDeps } from '../deps.js';
import { SIGNING_ALG } from '../domain/keys.js';

/** JWKS and RFC 8414 metadata; every endpoint is under PUBLIC_URL, so a client discovers all from the gateway. */
export async function discoveryRoutes(app: ServiceApp, deps: AuthDeps) {
  const issuer = deps.config.PUBLIC_URL;
  const metadata = {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    grant_types_supported: ['password', 'refresh_token', 'client_credentials'],
    response_types_supported: [],
    scopes_supported: ['user', 'internal'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    token_endpoint_auth_signing_alg_values_supported: [SIGNING_ALG],
  };
  app.get(api.metadata.path, { schema: schemaOf(api.metadata) }, async (_r, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(metadata),
  );
  app.get(api.jwks.path, { schema: schemaOf(api.jwks) }, async (_r, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(deps.keys.jwks),
  );
}
