#!/usr/bin/env node
// `npm run reset`: removes the project's own stores (their data and passwords), drops the system's databases on
// any other servers, and removes the images, so the next `npm start` begins afresh (and seeds again).
import { rmSync } from 'node:fs';
import { systemEnv } from './start.mjs';
import { loadEnv } from './lib/env.mjs';
import { dropDatabases } from './lib/databases.mjs';
import { otherServersDatabases, removeOwnStores } from './lib/stores.mjs';

const env = loadEnv();
if (!(await removeOwnStores(env))) {
  console.error('[marketshare] a running `npm start` or `npm test` uses the project\'s stores; stop it (Ctrl-C) and run `npm run reset` again');
  process.exit(1);
}
const others = await otherServersDatabases(env);
await dropDatabases(others, Object.keys(others));
rmSync(systemEnv().IMAGES_DIR, { recursive: true, force: true });
console.log('removed the project\'s stores and images and dropped its databases; the next npm start sets up and seeds again');
