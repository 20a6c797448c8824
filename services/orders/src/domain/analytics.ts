import {
  reputationBadge,
  type BestSellingProduct,
  type OrderStatus,
  type Rating,
  type SellerReputation,
  type TopCategory,
} from '@marketshare/contracts';

// The profile metrics of the original (docs/design.md §9), computed from a person's orders and reviews.

export interface AnalyticsOrder {
  status: OrderStatus | null;
  total: number;
  quantity: number;
  category: string;
  productId: number;
  productName: string;
}


const TOP_CATEGORIES = 5;
// What counts as bought or sold for "top categories": accepted orders, not the rejected or cancelled ones.
const ACCEPTED: ReadonlySet<OrderStatus | null> = new Set(['RECIBIDO', 'EN_DISTRIBUCION', 'ENTREGADO']);

const delivered = <T extends AnalyticsOrder>(orders: T[]) => orders.filter((o) => o.status === 'ENTREGADO');
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Mean rating rounded to 2 decimals (the original's seller rating); 0 with no reviews. */
export function ratingSummary(ratings: number[]): Rating {
  return ratingFromTotals(sum(ratings), ratings.length);
}
export function ratingFromTotals(total: number, count: number): Rating {
  return { average: count ? Math.round((total / count) * 100) / 100 : 0, count };
}

/** The most frequent categories among accepted orders, most frequent first (ties by name), at most five. */
export function topCategories(orders: AnalyticsOrder[]): TopCategory[] {
  const counts = new Map<string, number>();
  for (const o of orders) if (ACCEPTED.has(o.status)) counts.set(o.category, (counts.get(o.category) ?? 0) + 1);
  return [...counts]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
    .slice(0, TOP_CATEGORIES);
}

export function consumerAnalytics<T extends AnalyticsOrder>(orders: T[], givenRatings: number[]) {
  const done = delivered(orders);
  // The biggest purchase is the delivered order with the highest total; the first one wins a tie.
  const biggestPurchase = done.reduce<T | null>((best, o) => (!best || o.total > best.total ? o : best), null);
  return {
    deliveredPurchases: done.length,
    moneySpent: sum(done.map((o) => o.total)),
    biggestPurchase,
    reviews: {
      count: givenRatings.length,
      best: givenRatings.length ? Math.max(...givenRatings) : null,
      worst: givenRatings.length ? Math.min(...givenRatings) : null,
    },
    topCategories: topCategories(orders),
  };
}

/** The product with the most units delivered; the lowest product id wins a tie so the answer is stable. */
export function bestSellingProduct(orders: AnalyticsOrder[]): BestSellingProduct | null {
  const units = new Map<number, BestSellingProduct>();
  for (const o of delivered(orders)) {
    const entry = units.get(o.productId) ?? { productId: o.productId, productName: o.productName, units: 0 };
    entry.units += o.quantity;
    units.set(o.productId, entry);
  }
  return [...units.values()].sort((a, b) => b.units - a.units || a.productId - b.productId)[0] ?? null;
}

export function sellerReputation(rating: Rating, deliveredSales: number): Omit<SellerReputation, 'sellerId'> {
  return { rating, deliveredSales, badge: reputationBadge(rating.average, rating.count, deliveredSales) };
}

export function sellerAnalytics(orders: AnalyticsOrder[], receivedRatings: number[]) {
  const done = delivered(orders);
  const { rating, badge } = sellerReputation(ratingSummary(receivedRatings), done.length);
  return {
    deliveredSales: done.length,
    grossIncome: sum(done.map((o) => o.total)),
    bestSellingProduct: bestSellingProduct(orders),
    rating,
    badge,
    topCategories: topCategories(orders),
  };
}
