export * from './stack.js';
export * from './http.js';
export * from './accounts.js';
export * from './api.js';
export * from './wait.js';
export * from './inbox.js';
