import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { productsApi, usersApi } from '@marketshare/contracts';
import { createServiceApp, createTokenVerifier, registerInternalRoutes, schemaOf, type ServiceApp } from '../src/index.js';

// The /internal plugin on a real Fastify app with real EdDSA-signed tokens: one guard for every route in it,
// callers taken from the contracts.

const ISSUER = 'http://issuer.test';
let privateKey: CryptoKey;
let app: ServiceApp;

const token = (claims: Record<string, unknown>, sub: string) =>
  new SignJWT({ scope: 'internal', ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
    .setIssuer(ISSUER)
    .setSubject(sub)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
const service = (clientId: string) => token({ role: 'service', authorities: ['ROLE_SERVICE'], client_id: clientId }, clientId);
const person = () =>
  token({ role: 'consumer', authorities: ['ROLE_CONSUMER'], user_name: 'ana', client_id: 'marketshare-web', scope: 'user' }, '7');

async function build(register: (internal: ServiceApp) => void) {
  const keys = await generateKeyPair('EdDSA', { extractable: true });
  privateKey = keys.privateKey;
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'EdDSA' }] });
  const built = await createServiceApp({ name: 'test', logLevel: 'silent', auth: { verifier: createTokenVerifier({ jwksUrl: '', issuer: ISSUER, keys: jwks }) } });
  await registerInternalRoutes(built, register);
  await built.ready();
  return built;
}

describe('registerInternalRoutes', () => {
  beforeAll(async () => {
    app = await build((internal) => {
      internal.post(productsApi.releaseStock.path, { schema: schemaOf(productsApi.releaseStock) }, async (request) => ({
        orderId: request.body.orderId,
        productId: 1,
        quantity: 1,
        stock: 5,
        released: true,
      }));
      internal.get(usersApi.contact.path, { schema: schemaOf(usersApi.contact) }, async (request) => ({
        id: request.params.id,
        username: 'ana',
        email: 'ana@example.com',
        role: 'consumer' as const,
        locale: 'es' as const,
        organization: { id: 1, name: 'Acme' },
        country: { code: 'AR', name: 'Argentina' },
      }));
    });
  });
  afterAll(() => app?.close());

  const call = async (method: 'GET' | 'POST', url: string, bearer?: string) =>
    app.inject({
      method,
      url,
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      ...(method === 'POST' && { payload: { orderId: 3 } }),
    });

  it('lets in only the callers the contract names', async () => {
    expect((await call('POST', '/internal/stock/release', await service('orders-service'))).statusCode).toBe(200);
    expect((await call('POST', '/internal/stock/release', await service('emails-service'))).statusCode).toBe(403);
    expect((await call('POST', '/internal/stock/release', await person())).statusCode).toBe(403);
    expect((await call('POST', '/internal/stock/release')).statusCode).toBe(401);
  });

  it('lets in any service where the contract names no callers, never a person', async () => {
    expect((await call('GET', '/internal/users/4', await service('emails-service'))).statusCode).toBe(200);
    expect((await call('GET', '/internal/users/4', await person())).statusCode).toBe(403);
    expect((await call('GET', '/internal/users/4')).statusCode).toBe(401);
  });

  it('refuses to start with a route that is not an /internal endpoint of the contracts', async () => {
    await expect(build((internal) => internal.get('/internal/whatever', async () => ({})))).rejects.toThrow(/not an \/internal endpoint/);
    await expect(build((internal) => internal.get('/api/products', async () => ({})))).rejects.toThrow(/not an \/internal endpoint/);
  });
});
