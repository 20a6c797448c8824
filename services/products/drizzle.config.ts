import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config services/products/drizzle.config.ts` from the repo root.
export default defineConfig({
  dialect: 'postgresql',
  schema: './services/products/src/db/schema.ts',
  out: './services/products/migrations',
});
