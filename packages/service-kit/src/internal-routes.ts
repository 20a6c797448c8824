import { allEndpoints, isInternal, type Endpoint } from '@marketshare/contracts';
import type { preHandlerHookHandler } from 'fastify';
import type { ServiceApp } from './app.js';

const byRoute = new Map<string, Endpoint>(
  allEndpoints()
    .filter(isInternal)
    .map((ep) => [`${ep.method} ${ep.path}`, ep]),
);
const endpointOf = (method: string, url: string): Endpoint | undefined => byRoute.get(`${method === 'HEAD' ? 'GET' : method} ${url}`);

/**
 * A service's /internal routes, registered in one encapsulated plugin with one service guard (Fastify's way for
 * routes that share a hook): every route in it needs a service token of the clients its contract names as callers
 * (any service when it names none), and a route that is not an /internal endpoint of the contracts stops the
 * service at start-up. The gateway never routes /internal; this is what keeps other callers out inside.
 */
export async function registerInternalRoutes(app: ServiceApp, register: (internal: ServiceApp) => void | Promise<void>): Promise<void> {
  await app.register(async (scope) => {
    const internal = scope as unknown as ServiceApp;
    const guards = new Map<Endpoint, preHandlerHookHandler>();
    internal.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const ep = endpointOf(String(methods[0]), route.url);
      if (!ep || methods.length > 1) throw new Error(`${methods.join(',')} ${route.url} is not an /internal endpoint of the contracts`);
      if (!guards.has(ep)) guards.set(ep, app.guards.service(...(ep.callers ?? [])) as preHandlerHookHandler);
      const own = route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : [];
      route.preHandler = [guards.get(ep)!, ...own];
    });
    await register(internal);
  });
}
