import formbody from '@fastify/formbody';
import { createLocalJWKSet } from 'jose';
import { openApiDocument } from '@marketshare/contracts';
import { apiDocsRoutes, createServiceApp, createTokenVerifier, registerInternalRoutes, type ServiceApp } from '@marketshare/service-kit';
import type { AuthDeps } from './deps.js';
import { tokenRoutes } from './routes/token.js';
import { introspectionRoutes } from './routes/introspection.js';
import { discoveryRoutes } from './routes/discovery.js';
import { internalRoutes } from './routes/internal.js';

export async function buildApp(deps: AuthDeps): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'auth',
    description: 'OAuth 2 authorization server: tokens, introspection, revocation, JWKS and metadata',
    logLevel: deps.config.LOG_LEVEL,
    // auth verifies service tokens with its own keys, no JWKS round trip to itself
    auth: {
      verifier: createTokenVerifier({ jwksUrl: '', issuer: deps.config.PUBLIC_URL, keys: createLocalJWKSet(deps.keys.jwks) }),
    },
    readiness: deps.readiness,
  });
  await app.register(formbody);
  await app.register(async (scope) => {
    const s = scope as unknown as ServiceApp;
    await tokenRoutes(s, deps);
    await introspectionRoutes(s, deps);
    await discoveryRoutes(s, deps);
    await registerInternalRoutes(s, (internal) => internalRoutes(internal, deps));
    // The integrators' document of the whole public API is served here, beside the token endpoint it names.
    await apiDocsRoutes(s, openApiDocument({ publicUrl: deps.config.PUBLIC_URL }));
  });
  return app;
}
