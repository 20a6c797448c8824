import 'server-only';
import { headers } from 'next/headers';
import { ApiError, createApiClient } from '@marketshare/contracts';
import { config, webClientBasic } from '../config';
import { getSession } from '../session';

export { ApiError, ServiceUnavailableError } from '@marketshare/contracts';

const bases = {
  auth: () => config.authUrl,
  users: () => config.usersUrl,
  products: () => config.productsUrl,
  orders: () => config.ordersUrl,
};

/** The gateway's id of the page request being served, passed on to each service call it makes. */
async function requestIdHeader(): Promise<Record<string, string>> {
  try {
    const id = (await headers()).get('x-request-id');
    return id ? { 'x-request-id': id } : {};
  } catch {
    return {}; // not serving a request (a build step): nothing to pass on
  }
}

/**
 * The services' typed client (packages/contracts): each call's input and answer are its endpoint's schemas.
 * Calls carry the signed-in person's bearer token, the web app's client credentials where an endpoint
 * authenticates the client, and nothing on guest endpoints; `authorization: null` asks anonymously.
 */
export const { call, send } = createApiClient({
  baseUrl: (service) => bases[service](),
  authorization: async () => {
    // An expired token (auth unreachable, so not refreshed) would turn public reads into 401s: send none instead.
    // The consumers' shared render has none: it reads only what every consumer may see.
    const session = await getSession();
    return session?.accessToken && !session.expired ? `Bearer ${session.accessToken}` : undefined;
  },
  clientAuthorization: webClientBasic,
  headers: requestIdHeader,
  init: { cache: 'no-store' },
});

/** For pages: a missing resource is `null` instead of an exception. */
export async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
