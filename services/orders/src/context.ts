import type { ServiceApp } from '@marketshare/service-kit';
import type { Marketplace } from './clients/marketplace.js';
import type { Db } from './db/store.js';

interface StatusCounter {
  inc(labels: { status: string }): void;
}

/** What the routes, the sagas and the workers share: the store, the other services and the settings. */
export interface OrdersContext {
  db: Db;
  marketplace: Marketplace;
  publicUrl: string;
  exchange: string;
  /** Seconds: upper bound of each simulated status step's random delay. */
  maxTimeToProgress: number;
  /** Wakes the outbox relay after a transaction that wrote a message. */
  announce(): void;
  metrics: { created: StatusCounter; transitions: StatusCounter };
  log: ServiceApp['log'];
}
