#!/usr/bin/env node
// `npm run reset`: drops the local databases and images so the next `npm start` begins afresh (and seeds again).
import { rmSync } from 'node:fs';
import { systemEnv } from './start.mjs';
import { dropDatabases } from './lib/databases.mjs';

const env = systemEnv();
await dropDatabases(env);
rmSync(env.IMAGES_DIR, { recursive: true, force: true });
console.log('dropped the local databases and images; the next npm start seeds again');
