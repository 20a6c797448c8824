import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/orders/src/db/schema.ts',
  out: './services/orders/migrations',
  dbCredentials: { url: process.env.ORDERS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/marketshare_orders' },
});
