// `npm run bench`: every benchmark in turn against a running system (start it with `npm start`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

for (const name of ['identity', 'catalog', 'orders', 'emails', 'web']) {
  const file = new URL(`./${name}.mjs`, import.meta.url);
  if (!existsSync(file)) continue;
  console.log(`\n=== ${name} ===`);
  spawnSync(process.execPath, [file.pathname], { stdio: 'inherit' });
}
