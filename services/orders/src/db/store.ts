import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Pool } from 'pg';
import type { schema } from './schema.js';

export type Db = NodePgDatabase<typeof schema> & { $client: Pool };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** How long a driver of an unsettled purchase or cancellation owns it before recovery may take over. */
export const LEASE_SECONDS = 10;
export const leaseFromNow = () => sql`now() + make_interval(secs => ${LEASE_SECONDS})`;

/** PostgreSQL's unique_violation. */
export const isUniqueViolation = (e: unknown) =>
  (e as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (e as { cause?: { code?: string } }).cause?.code === '23505';
