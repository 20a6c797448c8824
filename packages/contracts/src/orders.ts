// Order statuses exactly as the seed names them (docs/design.md §9).
export const ORDER_STATUSES = ['RECIBIDO', 'EN_DISTRIBUCION', 'ENTREGADO', 'CANCELADO', 'RECHAZADO', 'SIN_STOCK'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, { es: string; en: string; color: string }> = {
  RECIBIDO: { es: 'Recibido', en: 'Received', color: '#eab308' },
  EN_DISTRIBUCION: { es: 'En distribución', en: 'On delivery', color: '#3b82f6' },
  ENTREGADO: { es: 'Entregado', en: 'Delivered', color: '#22c55e' },
  CANCELADO: { es: 'Cancelado', en: 'Cancelled', color: '#ef4444' },
  RECHAZADO: { es: 'Rechazado', en: 'Rejected', color: '#6b7280' },
  SIN_STOCK: { es: 'Sin stock', en: 'Out of stock', color: '#6b7280' },
};

/** Allowed transitions; any status missing here is terminal. */
export const ORDER_TRANSITIONS: Partial<Record<OrderStatus, readonly OrderStatus[]>> = {
  RECIBIDO: ['EN_DISTRIBUCION', 'CANCELADO'],
  EN_DISTRIBUCION: ['ENTREGADO', 'CANCELADO'],
};
export const canTransition = (from: OrderStatus, to: OrderStatus) => ORDER_TRANSITIONS[from]?.includes(to) ?? false;
export const isCancellable = (s: OrderStatus) => canTransition(s, 'CANCELADO');

/** Review ratings: 0 to 5 in steps of 0.5. */
export const isValidRating = (r: number) => Number.isFinite(r) && r >= 0 && r <= 5 && Number.isInteger(r * 2);

export type ReputationBadge = 'NUEVO' | 'POLEMICO' | 'COMUN' | 'GRAN' | 'MAGNIFICO';
export const REPUTATION_LABELS: Record<ReputationBadge, { es: string; en: string }> = {
  NUEVO: { es: 'Vendedor nuevo', en: 'New seller' },
  POLEMICO: { es: 'Vendedor polémico', en: 'Controversial seller' },
  COMUN: { es: 'Vendedor común', en: 'Regular seller' },
  GRAN: { es: 'Gran vendedor', en: 'Great seller' },
  MAGNIFICO: { es: 'Vendedor magnífico', en: 'Magnificent seller' },
};

/**
 * The thresholds every seller claim is drawn from (the badges on product pages, storefronts and the directory): one
 * place, over real counts. A seller is "new" only with fewer than `newBelowSales` delivered sales; the rating tiers
 * need at least `ratedFromReviews` reviews; an established seller with fewer reviews is "regular".
 */
export const REPUTATION_THRESHOLDS = { newBelowSales: 5, ratedFromReviews: 3 } as const;

/**
 * The original's reputation tiers (docs/design.md §9) with its unreachable-tier bug fixed, over
 * REPUTATION_THRESHOLDS: by the rounded rating, < 3 controversial, 5 magnificent, >= 4 great, otherwise regular.
 */
export function reputationBadge(rating: number, reviewCount: number, deliveredSales: number): ReputationBadge {
  if (deliveredSales < REPUTATION_THRESHOLDS.newBelowSales) return 'NUEVO';
  if (reviewCount < REPUTATION_THRESHOLDS.ratedFromReviews) return 'COMUN';
  const rounded = Math.round(rating);
  if (rounded < 3) return 'POLEMICO';
  if (rounded >= 5) return 'MAGNIFICO';
  if (rounded >= 4) return 'GRAN';
  return 'COMUN';
}

/** Price of an order line in minor units: unit price less the seller's discount, times quantity, rounded half up. */
export function orderTotal(unitPrice: number, discountPercent: number, quantity: number): number {
  return Math.round((unitPrice * (100 - discountPercent) * quantity) / 100);
}
