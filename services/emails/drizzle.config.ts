import { defineConfig } from 'drizzle-kit';

// Run from the repository root: npx drizzle-kit generate --config services/emails/drizzle.config.ts
export default defineConfig({
  dialect: 'postgresql',
  schema: './services/emails/src/db/schema.ts',
  out: './services/emails/migrations',
});
