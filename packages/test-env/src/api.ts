import { createApiClient, type ApiClient } from '@marketshare/contracts';
import { basicAuthorization } from '@marketshare/service-kit';
import type { Stack } from './stack.js';
import { WEB_CLIENT } from './http.js';

/**
 * The contracts' typed client aimed at a test stack's services: tests call endpoints as the web app does, and a
 * changed request or answer shape fails to compile here as it does there. `token` signs the calls in;
 * endpoints that authenticate the calling client get `client` (the web app's by default).
 */
export function apiClient(stack: Stack, opts: { token?: string; client?: [string, string] } = {}): ApiClient {
  const [clientId, secret] = opts.client ?? WEB_CLIENT;
  return createApiClient({
    baseUrl: (service) => stack.url(service),
    authorization: () => (opts.token ? `Bearer ${opts.token}` : undefined),
    clientAuthorization: () => basicAuthorization(clientId, secret),
  });
}
