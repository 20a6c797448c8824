import { describe, expect, it } from 'vitest';
import { basicAuthorization, clientCredentials } from '../src/client-credentials.js';

describe('client credentials', () => {
  it('reads form-encoded Basic credentials, and writes them so they read back', () => {
    const header = 'Basic ' + Buffer.from('marketshare-web:s%3Acret').toString('base64');
    expect(clientCredentials(header)).toEqual({ id: 'marketshare-web', secret: 's:cret', viaBasic: true });
    expect(clientCredentials(basicAuthorization('a b:c', 'p&q:r%'))).toEqual({ id: 'a b:c', secret: 'p&q:r%', viaBasic: true });
    // a client that skipped the form-encoding still works when its secret has no escapes
    expect(clientCredentials('Basic ' + Buffer.from('web:plain').toString('base64'))).toMatchObject({ id: 'web', secret: 'plain' });
  });

  it('reads credentials from the body only when asked and no header is given', () => {
    const body = { client_id: 'orders-service', client_secret: 's' };
    expect(clientCredentials(undefined, body)).toEqual({ id: 'orders-service', secret: 's', viaBasic: false });
    expect(clientCredentials(undefined)).toBeUndefined();
    expect(clientCredentials(undefined, { client_id: 'x', client_secret: 1 })).toBeUndefined();
  });

  it('rejects anything else', () => {
    expect(clientCredentials('Bearer abc')).toBeUndefined();
    expect(clientCredentials('Basic ' + Buffer.from('no-colon').toString('base64'))).toBeUndefined();
    expect(clientCredentials('Basic not base64!')).toBeUndefined();
  });
});
