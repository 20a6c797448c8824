import type { ServiceApp } from '@marketshare/service-kit';
import type { OrdersContext } from './context.js';

/** What the HTTP app needs from the process: built by `startService`, or by a test with real stores. */
export interface OrdersDeps {
  logLevel: string;
  auth: { jwksUrl: string; issuer: string };
  readiness: Record<string, () => Promise<unknown>>;
  /** Built once the app exists, because the context logs through the app's logger and counts with its metrics. */
  context(app: ServiceApp): OrdersContext;
}
