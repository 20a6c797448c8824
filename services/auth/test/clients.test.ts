import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, generateKeyPair } from 'jose';
import { authApi, type ClientAuthenticationBody } from '@marketshare/contracts';
import { basicAuthorization, createTokenVerifier } from '@marketshare/service-kit';
import { bodyOf, http, send, serviceToken, startStack, TEST_SECRETS, tokenRequest, WEB_CLIENT, type Caller, type Stack } from '@marketshare/test-env';

let stack: Stack;
let auth: string;
beforeAll(async () => {
  stack = await startStack({ services: ['auth'] });
  auth = stack.url('auth');
});
afterAll(() => stack?.stop());

const ordersBasic: [string, string] = ['orders-service', TEST_SECRETS.ORDERS_CLIENT_SECRET];
const asOrders = basicAuthorization(...ordersBasic);

const asClient = (body: Record<string, string>, client: [string, string] | null = ordersBasic, headers: Record<string, string> = {}) =>
  tokenRequest(stack, body, { client, headers });
const introspect = (token: string, authorization: string | null = asOrders) => send(stack, null, authApi.introspect, { body: { token }, authorization });
const revoke = (token: string) => send(stack, null, authApi.revoke, { body: { token }, authorization: asOrders });
const keySet = async () => bodyOf(await send(stack, null, authApi.jwks));
/** What a service answers outside the contracts: health, readiness, metrics and its own API document. */
const operational = (path: string) => http('GET', `${auth}${path}`);

describe('discovery', () => {
  it('publishes RFC 8414 metadata under the public URL', async () => {
    const metadata = bodyOf(await send(stack, null, authApi.metadata));
    expect(metadata).toMatchObject({
      issuer: 'http://localhost:8080',
      token_endpoint: 'http://localhost:8080/oauth/token',
      introspection_endpoint: 'http://localhost:8080/oauth/introspect',
      revocation_endpoint: 'http://localhost:8080/oauth/revoke',
      jwks_uri: 'http://localhost:8080/.well-known/jwks.json',
    });
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['password', 'refresh_token', 'client_credentials']));
  });

  it('publishes an asymmetric public key only', async () => {
    const { keys } = await keySet();
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k.kty).toBe('OKP');
      expect(k).not.toHaveProperty('d');
      expect(k.kid).toBeTruthy();
    }
  });
});

describe('client_credentials', () => {
  it('issues a service token that verifies with the published JWKS', async () => {
    const token = await serviceToken(stack, ...ordersBasic);
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA');
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${auth}/.well-known/jwks.json`)), {
      issuer: 'http://localhost:8080',
    });
    expect(payload).toMatchObject({ sub: 'orders-service', client_id: 'orders-service', role: 'service', authorities: ['ROLE_SERVICE'] });
    expect(payload.jti).toBeTruthy();
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('accepts client credentials in the body too, and never issues a refresh token to a service', async () => {
    const res = await asClient({ grant_type: 'client_credentials', client_id: 'emails-service', client_secret: TEST_SECRETS.EMAILS_CLIENT_SECRET }, null);
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('Bearer');
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses client_credentials on a request the public gateway marked, with the right secret too', async () => {
    for (const mark of ['public', '', 'internal']) {
      const res = await asClient({ grant_type: 'client_credentials' }, ordersBasic, { 'x-marketshare-gateway': mark });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('unauthorized_client');
    }
  });

  it('answers 401 invalid_client to a wrong secret, by Basic or in the body', async () => {
    const basic = await asClient({ grant_type: 'client_credentials' }, ['orders-service', 'wrong-secret']);
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe('invalid_client');
    expect(basic.headers.get('www-authenticate')).toMatch(/^Basic/);
    const body = await asClient({ grant_type: 'client_credentials', client_id: 'orders-service', client_secret: 'nope-nope' }, null);
    expect(body.status).toBe(401);
    expect(body.body.error).toBe('invalid_client');
  });

  it('decodes form-urlencoded Basic credentials (RFC 6749 §2.3.1), as standard clients send them', async () => {
    const encoded = (v: string) => encodeURIComponent(v).replace(/-/g, '%2D');
    const credentials = Buffer.from(`${encoded('orders-service')}:${encoded(TEST_SECRETS.ORDERS_CLIENT_SECRET)}`).toString('base64');
    const res = await asClient({ grant_type: 'client_credentials' }, null, { authorization: `Basic ${credentials}` });
    expect(res.status).toBe(200);
  });

  it('refuses grants a client is not allowed and unknown grants (RFC 6749 §5.2)', async () => {
    const web = await asClient({ grant_type: 'client_credentials' }, WEB_CLIENT);
    expect(web.status).toBe(400);
    expect(web.body.error).toBe('unauthorized_client');
    const unknown = await asClient({ grant_type: 'magic' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unsupported_grant_type');
    const scope = await asClient({ grant_type: 'client_credentials', scope: 'admin' });
    expect(scope.status).toBe(400);
    expect(scope.body.error).toBe('invalid_scope');
  });
});

describe('introspection and revocation', () => {
  it('reports a live token active and junk inactive (200 {"active": false})', async () => {
    const token = await serviceToken(stack, ...ordersBasic);
    for (const endpoint of [authApi.introspect, authApi.checkToken]) {
      const live = await send(stack, null, endpoint, { body: { token }, authorization: asOrders });
      expect(live.status).toBe(200);
      expect(live.body).toMatchObject({ active: true, client_id: 'orders-service', sub: 'orders-service' });
      const junk = await send(stack, null, endpoint, { body: { token: 'not-a-token' }, authorization: asOrders });
      expect(junk.status).toBe(200);
      expect(junk.body).toEqual({ active: false });
    }
  });

  it('requires client authentication', async () => {
    const res = await introspect('x', null);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('revokes an access token so introspection reports it inactive', async () => {
    const token = await serviceToken(stack, ...ordersBasic);
    expect((await revoke(token)).status).toBe(200);
    expect((await introspect(token)).body).toEqual({ active: false });
    const unknown = await revoke('whatever');
    expect(unknown.status).toBe(200);
  });
});

describe('token verification in services', () => {
  const verifier = () => createTokenVerifier({ jwksUrl: `${auth}/.well-known/jwks.json`, issuer: 'http://localhost:8080' });

  it('accepts a genuine token', async () => {
    const p = await verifier().verify(await serviceToken(stack, ...ordersBasic));
    expect(p).toMatchObject({ kind: 'service', clientId: 'orders-service' });
  });

  it('rejects tampered, unsigned, foreign-signed and expired tokens with 401', async () => {
    const token = await serviceToken(stack, ...ordersBasic);
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, client_id: 'users-service' })).toString('base64url')}.${s}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: decodeProtectedHeader(token).kid! }).sign(privateKey);
    const expired = await new SignJWT({ ...payload, exp: Math.floor(Date.now() / 1000) - 10 })
      .setProtectedHeader({ alg: 'EdDSA', kid: decodeProtectedHeader(token).kid! })
      .sign(privateKey);
    for (const bad of [tampered, unsigned, foreign, expired, 'abc']) {
      await expect(verifier().verify(bad)).rejects.toMatchObject({ statusCode: 401 });
    }
  });

  it('guards internal endpoints by client: only users-service may revoke a user’s tokens', async () => {
    const orders = await serviceToken(stack, ...ordersBasic);
    const revokeAll = (who: Caller) => send(stack, who, authApi.revokeUserTokens, { params: { id: 1 } });
    expect((await revokeAll(orders)).status).toBe(403);
    expect((await revokeAll(null)).status).toBe(401);
    const users = await serviceToken(stack, 'users-service', TEST_SECRETS.USERS_CLIENT_SECRET);
    expect((await revokeAll(users)).status).toBe(204);
  });

  it('authenticates other clients for users-service only, so users keeps none of their secrets', async () => {
    const authenticate = (who: Caller, body: ClientAuthenticationBody) => send(stack, who, authApi.authenticateClient, { body });
    const users = await serviceToken(stack, 'users-service', TEST_SECRETS.USERS_CLIENT_SECRET);
    const orders = await serviceToken(stack, ...ordersBasic);
    const good = { clientId: 'marketshare-web', secret: TEST_SECRETS.WEB_CLIENT_SECRET };
    expect(bodyOf(await authenticate(users, good))).toEqual({ clientId: 'marketshare-web', grants: ['password', 'refresh_token'] });
    expect((await authenticate(orders, good)).status).toBe(403);
    expect((await authenticate(null, good)).status).toBe(401);
    for (const bad of [{ ...good, secret: 'wrong-secret' }, { clientId: 'nobody', secret: TEST_SECRETS.WEB_CLIENT_SECRET }]) {
      const res = await authenticate(users, bad);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    }
    // no secret: outside the contract
    const noSecret = await http('POST', `${auth}/internal/clients/authenticate`, { token: users, json: { clientId: 'marketshare-web' } });
    expect(noSecret.status).toBe(400);
  });
});

describe('operations', () => {
  it('serves health, readiness, metrics and OpenAPI', async () => {
    expect((await operational('/healthz')).status).toBe(200);
    const ready = await operational('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database).toBe('ok');
    const metrics = await operational('/metrics');
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('service="auth"');
    const docs = await operational('/docs/json');
    expect(docs.body.paths['/oauth/token']).toBeTruthy();
  });

  it('keeps its signing key across restarts', async () => {
    const before = (await keySet()).keys[0]?.kid;
    await stack.stopService('auth');
    await stack.startService('auth');
    const after = (await keySet()).keys[0]?.kid;
    expect(after).toBe(before);
  });
});
