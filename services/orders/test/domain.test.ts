import { describe, expect, it } from 'vitest';
import { orderTotal } from '@marketshare/contracts';
import {
  bestSellingProduct,
  consumerAnalytics,
  ratingSummary,
  sellerAnalytics,
  topCategories,
  type AnalyticsOrder,
} from '../src/domain/analytics.js';
import { orderMessage, rejectionMessage, reviewMessage, saleDeliveredMessage, saleMessage } from '../src/domain/order-messages.js';
import { isRejection, nextProgressionStatus, nextTransitionAt, orderRelation, withStatus } from '../src/domain/order-state.js';
import { chosenColor, priceLine, settledStatus, stepOutcome, stepsToUndo } from '../src/domain/purchase.js';

const now = new Date('2025-01-01T00:00:00Z');

describe('order state machine', () => {
  it('progresses only accepted orders, one step at a time', () => {
    expect(nextProgressionStatus('RECIBIDO')).toBe('EN_DISTRIBUCION');
    expect(nextProgressionStatus('EN_DISTRIBUCION')).toBe('ENTREGADO');
    for (const s of ['ENTREGADO', 'CANCELADO', 'RECHAZADO', 'SIN_STOCK'] as const) expect(nextProgressionStatus(s)).toBeNull();
  });

  it('schedules the next step uniformly within [0, max] seconds and never for terminal states', () => {
    expect(nextTransitionAt('RECIBIDO', 600, now, () => 0)!.getTime()).toBe(now.getTime());
    expect(nextTransitionAt('RECIBIDO', 600, now, () => 0.5)!.getTime()).toBe(now.getTime() + 300_000);
    expect(nextTransitionAt('EN_DISTRIBUCION', 4, now, () => 0.999)!.getTime()).toBeLessThanOrEqual(now.getTime() + 4000);
    expect(nextTransitionAt('ENTREGADO', 600, now)).toBeNull();
    expect(nextTransitionAt('SIN_STOCK', 600, now)).toBeNull();
  });

  it('appends to the history and refuses illegal transitions', () => {
    const h = withStatus(withStatus([], 'RECIBIDO', now), 'EN_DISTRIBUCION', now);
    expect(h.map((e) => e.status)).toEqual(['RECIBIDO', 'EN_DISTRIBUCION']);
    expect(() => withStatus(h, 'RECIBIDO', now)).toThrow(/Illegal/);
    expect(() => withStatus([{ status: 'ENTREGADO', at: '' }], 'CANCELADO', now)).toThrow(/Illegal/);
    expect(() => withStatus([{ status: 'SIN_STOCK', at: '' }], 'EN_DISTRIBUCION', now)).toThrow(/Illegal/);
  });

  it('shows an order to its consumer and seller only', () => {
    expect(orderRelation({ consumerId: 1, sellerId: 2 }, 1)).toBe('consumer');
    expect(orderRelation({ consumerId: 1, sellerId: 2 }, 2)).toBe('seller');
    expect(orderRelation({ consumerId: 1, sellerId: 2 }, 3)).toBeNull();
    expect(isRejection('SIN_STOCK') && isRejection('RECHAZADO') && !isRejection('CANCELADO')).toBe(true);
  });
});

describe('purchase rules', () => {
  it('prices from the product only, with the discount, rounded half up', () => {
    expect(priceLine({ price: 1000, discount: 10 }, 3)).toEqual({ unitPrice: 1000, discount: 10, total: 2700, currency: 'ARS' });
    expect(priceLine({ price: 333, discount: 50 }, 1).total).toBe(orderTotal(333, 50, 1));
    expect(priceLine({ price: 333, discount: 50 }, 1).total).toBe(167);
  });

  it('accepts only offered colours', () => {
    expect(chosenColor(['rojo'], undefined)).toBeNull();
    expect(chosenColor(['rojo'], null)).toBeNull();
    expect(chosenColor(['rojo'], 'rojo')).toBe('rojo');
    expect(chosenColor(['rojo'], 'azul')).toBeUndefined();
    expect(chosenColor([], 'rojo')).toBeUndefined();
  });

  it('reads remote answers as done, refused or unknown', () => {
    expect(stepOutcome(200)).toBe('done');
    expect(stepOutcome(409)).toBe('refused');
    expect(stepOutcome(404)).toBe('refused');
    for (const s of [undefined, 401, 403, 429, 500, 503]) expect(stepOutcome(s)).toBe('unknown');
  });

  it('settles: stock first, then money; nothing is decided on an unknown answer', () => {
    expect(settledStatus('done', 'done')).toBe('RECIBIDO');
    expect(settledStatus('refused', null)).toBe('SIN_STOCK');
    expect(settledStatus('done', 'refused')).toBe('RECHAZADO');
    expect(settledStatus('unknown', null)).toBeNull();
    expect(settledStatus('done', 'unknown')).toBeNull();
  });

  it('gives back exactly what a rejected purchase may have taken', () => {
    expect(stepsToUndo('refused', null)).toEqual({ stock: false, balance: false });
    expect(stepsToUndo('done', 'refused')).toEqual({ stock: true, balance: false });
    expect(stepsToUndo('done', 'unknown')).toEqual({ stock: true, balance: true });
    expect(stepsToUndo('unknown', null)).toEqual({ stock: true, balance: true });
  });
});

describe('analytics', () => {
  const o = (
    status: AnalyticsOrder['status'],
    total: number,
    category = 'audio',
    productId = 1,
    quantity = 1,
  ): AnalyticsOrder & { id: number } => ({
    id: total,
    status,
    total,
    quantity,
    category,
    productId,
    productName: `p${productId}`,
  });

  it('counts delivered purchases, money spent and the biggest purchase', () => {
    const a = consumerAnalytics(
      [o('ENTREGADO', 100), o('ENTREGADO', 300), o('RECIBIDO', 900), o('RECHAZADO', 5000)],
      [4.5, 1, 3],
    );
    expect(a.deliveredPurchases).toBe(2);
    expect(a.moneySpent).toBe(400);
    expect(a.biggestPurchase?.total).toBe(300);
    expect(a.reviews).toEqual({ count: 3, best: 4.5, worst: 1 });
    expect(consumerAnalytics([], [])).toMatchObject({ biggestPurchase: null, reviews: { count: 0, best: null, worst: null } });
  });

  it('ranks at most five categories of accepted orders', () => {
    const orders = ['a', 'b', 'b', 'c', 'c', 'c', 'd', 'e', 'f'].map((c) => o('RECIBIDO', 1, c));
    orders.push(o('SIN_STOCK', 1, 'z'), o('SIN_STOCK', 1, 'z'), o('SIN_STOCK', 1, 'z'), o('CANCELADO', 1, 'z'));
    expect(topCategories(orders)).toEqual([
      { category: 'c', count: 3 },
      { category: 'b', count: 2 },
      { category: 'a', count: 1 },
      { category: 'd', count: 1 },
      { category: 'e', count: 1 },
    ]);
  });

  it('finds the best-selling product by delivered units and rounds the seller rating', () => {
    const sales = [
      o('ENTREGADO', 1, 'audio', 7, 2),
      o('ENTREGADO', 1, 'audio', 8, 5),
      o('ENTREGADO', 1, 'audio', 7, 2),
      o('RECIBIDO', 1, 'audio', 7, 50),
    ];
    expect(bestSellingProduct(sales)).toEqual({ productId: 8, productName: 'p8', units: 5 });
    expect(ratingSummary([5, 4, 4])).toEqual({ average: 4.33, count: 3 });
    expect(ratingSummary([])).toEqual({ average: 0, count: 0 });
  });

  it('gives the reputation badges, the top tiers included', () => {
    const delivered = Array.from({ length: 10 }, () => o('ENTREGADO', 10));
    expect(sellerAnalytics(delivered, [5, 5, 5]).badge).toBe('MAGNIFICO');
    expect(sellerAnalytics(delivered, [4, 4, 4.5]).badge).toBe('GRAN');
    expect(sellerAnalytics(delivered, [3, 3, 3]).badge).toBe('COMUN');
    expect(sellerAnalytics(delivered, [1, 2, 2]).badge).toBe('POLEMICO');
    // "New" only for few sales (REPUTATION_THRESHOLDS): 8 sales are not new, whatever the reviews say
    expect(sellerAnalytics(delivered.slice(6), [5, 5, 5]).badge).toBe('NUEVO');
    expect(sellerAnalytics(delivered.slice(2), [5, 5, 5]).badge).toBe('MAGNIFICO');
    expect(sellerAnalytics(delivered.slice(2), [5, 5]).badge).toBe('COMUN');
    expect(sellerAnalytics(delivered, []).grossIncome).toBe(100);
  });
});

describe('order e-mails', () => {
  const order = {
    id: 42,
    productId: 7,
    productName: 'Taladro',
    quantity: 2,
    color: null,
    unitPrice: 1000,
    discount: 0,
    total: 2000,
    currency: 'ARS',
    status: 'RECIBIDO',
    createdAt: now,
    consumerEmail: 'c@example.com',
    consumerName: 'c',
    consumerLocale: 'es' as const,
  };
  it('addresses the consumer and links to the order from PUBLIC_URL', () => {
    const created = orderMessage('ORDER_CREATED', order, 'https://m.example');
    expect(created).toMatchObject({
      type: 'ORDER_CREATED',
      locale: 'es',
      to: { email: 'c@example.com', name: 'c' },
      orderUrl: 'https://m.example/orders/42',
      cancelUrl: 'https://m.example/orders/42?action=cancel',
      order: { id: 42, total: 2000, createdAt: now.toISOString() },
    });
    expect(orderMessage('ORDER_DELIVERED', order, 'https://m.example')).toMatchObject({
      reviewUrl: 'https://m.example/orders/42?action=review',
      receiptUrl: 'https://m.example/orders/42/receipt',
    });
    expect(orderMessage('ORDER_CANCELLED', order, 'https://m.example')).not.toHaveProperty('cancelUrl');
  });

  it("addresses the seller's new-sale e-mail in the seller's language, naming the buyer's organization", () => {
    const seller = { sellerEmail: 's@example.com', sellerName: 's', sellerLocale: 'en' as const, consumerOrganization: 'Compras SA' };
    expect(saleMessage({ ...order, ...seller }, 'https://m.example')).toMatchObject({
      type: 'SALE_NEW',
      locale: 'en',
      to: { email: 's@example.com', name: 's' },
      buyerOrganization: 'Compras SA',
      saleUrl: 'https://m.example/orders/42',
      order: { id: 42, total: 2000 },
    });
    // orders recorded before the seller's address was kept send nothing rather than a mail to nobody
    expect(saleMessage({ ...order, ...seller, sellerEmail: null }, 'https://m.example')).toBeUndefined();
  });

  const seller = { sellerEmail: 's@example.com', sellerName: 's', sellerLocale: 'es' as const, consumerOrganization: 'Compras SA' };
  const now_ = { email: 'new@example.com', name: 's2', locale: 'en' as const };

  it("addresses later mails to the person as the account says now, else as the order recorded them", () => {
    expect(orderMessage('ORDER_CANCELLED', order, 'https://m.example', now_)).toMatchObject({ locale: 'en', to: { email: 'new@example.com', name: 's2' } });
    expect(saleMessage({ ...order, ...seller }, 'https://m.example', undefined, 'SALE_CANCELLED')).toMatchObject({
      type: 'SALE_CANCELLED',
      locale: 'es',
      to: { email: 's@example.com' },
      saleUrl: 'https://m.example/orders/42',
    });
  });

  it('tells a refused buyer where to add funds and how many units are left', () => {
    expect(rejectionMessage({ ...order, status: 'SIN_STOCK' }, 1, 'https://m.example')).toMatchObject({
      type: 'ORDER_REJECTED',
      locale: 'es',
      order: { status: 'SIN_STOCK' },
      stockLeft: 1,
      fundsUrl: 'https://m.example/profile/wallet#funds',
      productUrl: 'https://m.example/products/7',
    });
  });

  it("carries the settlement's amounts to the seller unchanged, and a review with a link to the product's reviews", () => {
    const credited = saleDeliveredMessage({ ...order, ...seller }, { proceeds: 1950, fee: 50, balance: 9_999 }, 'https://m.example');
    expect(credited).toMatchObject({ type: 'SALE_DELIVERED', settlement: { proceeds: 1950, fee: 50, balance: 9_999 }, statementUrl: 'https://m.example/profile/statement' });
    const review = reviewMessage({ id: 3, rating: 4.5, title: 'Bien', summary: 'Anda' }, { ...order, ...seller }, 'https://m.example');
    expect(review).toMatchObject({
      type: 'REVIEW_NEW',
      review: { id: 3, rating: 4.5, title: 'Bien', summary: 'Anda', reviewer: 'Compras SA' },
      productUrl: 'https://m.example/products/7#opinions',
      saleUrl: 'https://m.example/orders/42',
    });
    // nobody to send to: no mail
    expect(reviewMessage({ id: 3, rating: 1, title: 't', summary: 's' }, { ...order, ...seller, sellerEmail: null }, 'https://m.example')).toBeUndefined();
  });
});
