export * from './config.js';
export * from './errors.js';
export * from './metrics.js';
export * from './auth.js';
export * from './client-credentials.js';
export * from './contract-route.js';
export * from './api-docs.js';
export * from './internal-routes.js';
export * from './request-context.js';
export * from './paging.js';
export * from './app.js';
export * from './service-client.js';
export * from './amqp.js';
export * from './outbox.js';
export * from './db.js';
export * from './lifecycle.js';
export { Type, type Static } from '@sinclair/typebox';
// Re-exported so every service's route schemas get swagger's `summary`/`tags`/`hide` typings.
export type { SwaggerOptions } from '@fastify/swagger';
