// Response shapes of the public API (docs/design.md §1).
import type { OrderDetails, ReputationBadge } from '@marketshare/contracts';
export type { PageOf } from '@marketshare/contracts';

export interface Money {
  amount: number;
  currency: string;
}
export interface Named {
  id: number;
  name: string;
}
export interface User {
  id: number;
  username: string;
  email?: string;
  role: 'consumer' | 'seller';
  country: { code: string; name: string } | null;
  organization: Named | null;
  bank: Named | null;
  balance: Money | null;
  locale: 'en' | 'es';
  registeredAt: string;
}
export interface Country {
  code: string;
  name: string;
}
export interface ProductImage {
  id: number;
  url: string;
  thumbnailUrl?: string;
}
export interface FeatureRow {
  feature: string;
  value: string;
}
export interface Product {
  id: number;
  sellerId: number;
  name: string;
  description: string;
  category: string;
  state: 'NUEVO' | 'USADO';
  colors: string[];
  price: number;
  discount: number;
  currency?: string;
  stock: number;
  features: { text: string; rows: FeatureRow[] };
  specialFeatures: string[];
  images: ProductImage[];
  rating: { average: number; count: number };
  publishedAt: string;
}
/** The writable fields of a product. */
export type ProductInput = Pick<
  Product,
  'name' | 'description' | 'category' | 'state' | 'colors' | 'price' | 'discount' | 'stock' | 'features' | 'specialFeatures'
>;
export interface StatusEntry {
  status: string;
  at: string;
}
/** An order as the orders service answers it: the message's order details plus parties and history. */
export interface Order extends OrderDetails {
  consumerId: number;
  sellerId: number;
  statusHistory: StatusEntry[];
  review?: Review | null;
}
export interface Review {
  id: number;
  orderId: number;
  productId?: number;
  sellerId?: number;
  consumerId?: number;
  rating: number;
  title: string;
  summary: string;
  createdAt?: string;
}
/** GET /api/analytics/sellers/{id}: a seller's public reputation, worked out by the orders service. */
export interface SellerReputation {
  sellerId: number;
  rating: { average: number; count: number };
  deliveredSales: number;
  badge: ReputationBadge;
}
/** GET /api/analytics/me: loosely typed until the orders service settles it; pages read it defensively. */
export type Analytics = Record<string, unknown>;
