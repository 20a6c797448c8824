import { authApi } from '@marketshare/contracts';
import { clientCredentials, HttpError, unavailable, type ServiceClient } from '@marketshare/service-kit';

/** The clients that may register accounts: the web app and integrators. */
export const REGISTERING_CLIENTS: readonly string[] = ['marketshare-web', 'marketshare-api'];

/** Checks a request's client credentials; resolves to the client id or throws 401 `invalid_client`. */
export type ClientAuthenticator = (authorization: string | undefined) => Promise<string>;

const invalidClient = () =>
  new HttpError(401, 'invalid_client', 'Client authentication failed', undefined, {
    'www-authenticate': 'Basic realm="marketshare"',
  });

/**
 * Client authentication without a copy of anybody's secret: the HTTP Basic credentials are passed to auth, which
 * holds the secrets and compares them in constant time, over this service's own service token.
 */
export function clientAuthenticatorOf(client: ServiceClient, authUrl: string): ClientAuthenticator {
  return async (authorization) => {
    const given = clientCredentials(authorization);
    if (!given?.viaBasic || !REGISTERING_CLIENTS.includes(given.id)) throw invalidClient();
    const res = await client.request(authUrl, authApi.authenticateClient, { body: { clientId: given.id, secret: given.secret } });
    if (res.status === 401 || res.status === 400) throw invalidClient();
    if (res.status !== 200 || !res.body) throw unavailable(`Could not check the client's credentials (${res.status})`);
    return res.body.clientId;
  };
}
