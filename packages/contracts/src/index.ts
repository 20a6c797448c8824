export * from './vocabularies.js';
export * from './orders.js';
export * from './messages.js';
export * from './api.js';
export * from './auth.js';
