// vocabularies, bounds and order arithmetic: what a browser bundle may take alone
export * from './plain.js';
export * from './proceeds.js';
export * from './messages.js';
export * from './api/common.js';
export * from './api/errors.js';
export * from './api/auth.js';
export * from './api/users.js';
export * from './api/products.js';
export * from './api/orders.js';
export * from './api/endpoint.js';
export * from './api/endpoints.js';
export * from './client.js';
export * from './openapi.js';
