import { canTransition, type OrderStatus, type StatusEntry } from '@marketshare/contracts';

/** Where an order is in the purchase saga; only DONE orders are visible and only they can progress. */
export type SagaPhase = 'PENDING' | 'COMPENSATING' | 'DONE';

/** The statuses the progression worker moves forward (docs/design.md §2); the rest never progress. */
export const PROGRESSING_STATUSES = ['RECIBIDO', 'EN_DISTRIBUCION'] as const satisfies readonly OrderStatus[];

/** The simulated next step of an accepted order, or null when it has none. */
export function nextProgressionStatus(status: OrderStatus): OrderStatus | null {
  if (status === 'RECIBIDO') return 'EN_DISTRIBUCION';
  if (status === 'EN_DISTRIBUCION') return 'ENTREGADO';
  return null;
}

/**
 * The moment of the next simulated step: a uniformly random delay in [0, maxSeconds] after `now`, or null when the
 * status has no next step. `random` is injectable so the rule can be tested.
 */
export function nextTransitionAt(
  status: OrderStatus,
  maxSeconds: number,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  if (!nextProgressionStatus(status)) return null;
  return new Date(now.getTime() + random() * maxSeconds * 1000);
}

/** Appends a status to a history; refuses a transition the state machine does not allow. */
export function withStatus(history: StatusEntry[], to: OrderStatus, now: Date): StatusEntry[] {
  const from = history.at(-1)?.status;
  if (from && !canTransition(from, to)) throw new Error(`Illegal order transition ${from} -> ${to}`);
  return [...history, { status: to, at: now.toISOString() }];
}

/** Who may see an order: its consumer and its seller, nobody else. */
export function orderRelation(order: { consumerId: number; sellerId: number }, userId: number): 'consumer' | 'seller' | null {
  if (order.consumerId === userId) return 'consumer';
  if (order.sellerId === userId) return 'seller';
  return null;
}

/** The two outcomes of a refused purchase: nothing was taken for them, and they never move again. */
export const isRejection = (status: OrderStatus | null | undefined) => status === 'SIN_STOCK' || status === 'RECHAZADO';
