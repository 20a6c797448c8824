import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oauth from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { API_CLIENT_SECRET, BASE_URL } from './env.js';

// A standard OAuth 2 client library (openid-client), not ours, against the gateway: discovery, password grant,
// refresh with rotation, reuse detection, introspection, revocation and the RFC 6749 errors.

const username = `oauth_${randomBytes(4).toString('hex')}`;
const password = 'a long enough password';
let config: oauth.Configuration;

async function discover(secret = API_CLIENT_SECRET) {
  return oauth.discovery(new URL(BASE_URL), 'marketshare-api', secret, oauth.ClientSecretBasic(secret), {
    algorithm: 'oauth2',
    execute: [oauth.allowInsecureRequests],
  });
}

beforeAll(async () => {
  const basic = 'Basic ' + Buffer.from(`marketshare-api:${API_CLIENT_SECRET}`).toString('base64');
  const res = await fetch(`${BASE_URL}/api/users`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, email: `${username}@example.com`, role: 'consumer', country: 'AR', organization: 'Acme' }),
  });
  expect(res.status).toBe(201);
  config = await discover();
});

describe('OAuth 2 through the gateway with openid-client', () => {
  it('discovers every endpoint from the gateway alone', () => {
    const md = config.serverMetadata();
    expect(md.issuer).toBe(BASE_URL);
    expect(md.token_endpoint).toBe(`${BASE_URL}/oauth/token`);
    expect(md.introspection_endpoint).toBe(`${BASE_URL}/oauth/introspect`);
    expect(md.revocation_endpoint).toBe(`${BASE_URL}/oauth/revoke`);
  });

  it('completes the password grant; the access token verifies with the published JWKS', async () => {
    const tokens = await oauth.genericGrantRequest(config, 'password', { username, password });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.refresh_token).toBeTruthy();
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${BASE_URL}/.well-known/jwks.json`)), {
      issuer: BASE_URL,
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ user_name: username, role: 'consumer', authorities: ['ROLE_CONSUMER'], client_id: 'marketshare-api' });
    expect(Number(payload.sub)).toBeGreaterThan(0);
  });

  it('rotates refresh tokens, and a reused one is rejected and revokes its family', async () => {
    const first = await oauth.genericGrantRequest(config, 'password', { username, password });
    const second = await oauth.refreshTokenGrant(config, first.refresh_token!);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await expect(oauth.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    // the family is gone: the newer token no longer works either
    await expect(oauth.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const info = await oauth.tokenIntrospection(config, second.refresh_token!);
    expect(info.active).toBe(false);
  });

  it('introspects active and inactive tokens', async () => {
    const tokens = await oauth.genericGrantRequest(config, 'password', { username, password });
    const active = await oauth.tokenIntrospection(config, tokens.access_token);
    expect(active.active).toBe(true);
    expect(active.username).toBe(username);
    const inactive = await oauth.tokenIntrospection(config, 'definitely-not-a-token');
    expect(inactive).toEqual({ active: false });
  });

  it('revokes a refresh token', async () => {
    const tokens = await oauth.genericGrantRequest(config, 'password', { username, password });
    await oauth.tokenRevocation(config, tokens.refresh_token!);
    expect((await oauth.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(false);
    await expect(oauth.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('answers invalid_grant to a wrong password', async () => {
    await expect(oauth.genericGrantRequest(config, 'password', { username, password: 'wrong password!' })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('answers 401 invalid_client to a wrong client secret', async () => {
    const bad = await discover('not-the-secret');
    // a 401 with a Basic challenge: openid-client reports the challenge and keeps the response for its body
    const err = await oauth.genericGrantRequest(bad, 'password', { username, password }).then(
      () => undefined,
      (e: oauth.WWWAuthenticateChallengeError) => e,
    );
    expect(err?.status).toBe(401);
    expect(err?.cause[0]?.scheme).toBe('basic');
    expect(await err?.response.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('the gateway', () => {
  it('keeps service internals, metrics and docs off the public entry', async () => {
    for (const path of ['/internal/credentials/verify', '/metrics', '/docs', '/healthz', '/readyz']) {
      const res = await fetch(`${BASE_URL}${path}`, { method: path.startsWith('/internal') ? 'POST' : 'GET' });
      expect(res.status, path).toBe(404);
    }
  });

  it('passes each request id back to the caller', async () => {
    const res = await fetch(`${BASE_URL}/.well-known/jwks.json`, { headers: { 'x-request-id': 'trace-me-123' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
  });
});
