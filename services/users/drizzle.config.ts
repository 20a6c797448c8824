import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config services/users/drizzle.config.ts` (from the repo root) writes the migrations
// that the service applies at start-up; no database is needed to generate them.
export default defineConfig({
  dialect: 'mysql',
  schema: './services/users/src/db/schema.ts',
  out: './services/users/migrations',
});
