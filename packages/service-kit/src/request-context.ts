import { AsyncLocalStorage } from 'node:async_hooks';

/** What a service knows about the request it is serving, wherever the code runs while serving it. */
const requests = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `next` (the rest of a request's hooks and its handler) as part of the request `requestId`. */
export const runInRequest = (requestId: string, next: () => void) => requests.run({ requestId }, next);

/**
 * The id of the request being served (a caller's X-Request-ID, or one made here), or undefined outside a request
 * (a background worker). The service client passes it on, so one purchase reads as one id in every service's logs.
 */
export const currentRequestId = (): string | undefined => requests.getStore()?.requestId;
