import type { EmailMessageInput, OrderDetails } from '@marketshare/contracts';

// The e-mails an order causes (docs/internals.md, Messages), built from the stored order; links from PUBLIC_URL.
// Each names its recipient explicitly: the caller passes the person as their account says now (address, name and
// the language saved on it, docs/design.md §4), or the order's own copy when users cannot say.

/** The fields of a stored order that its e-mails need. */
export interface OrderForMessage {
  id: number;
  productId: number;
  productName: string;
  quantity: number;
  color: string | null;
  unitPrice: number;
  discount: number;
  total: number;
  currency: string;
  status: string | null;
  createdAt: Date;
  consumerEmail: string;
  consumerName: string;
  consumerLocale: 'en' | 'es';
}

/** The seller's contact details an order keeps; null on orders recorded before they were kept. */
export interface SellerForMessage {
  sellerEmail: string | null;
  sellerName: string | null;
  sellerLocale: 'en' | 'es' | null;
  consumerOrganization: string | null;
}

/** Whom an e-mail goes to, in which language. */
export interface Recipient {
  email: string;
  name: string;
  locale: 'en' | 'es';
}

/** The buyer as the order recorded them at purchase time. */
export const consumerOf = (o: OrderForMessage): Recipient => ({ email: o.consumerEmail, name: o.consumerName, locale: o.consumerLocale });
/** The seller as the order recorded them; null on orders that do not know the seller's address. */
export const sellerOf = (o: SellerForMessage): Recipient | null =>
  o.sellerEmail && o.sellerName ? { email: o.sellerEmail, name: o.sellerName, locale: o.sellerLocale ?? 'es' } : null;

export const orderUrl = (publicUrl: string, id: number) => `${publicUrl}/orders/${id}`;
export const productUrl = (publicUrl: string, id: number) => `${publicUrl}/products/${id}`;

/** The order as e-mails (and the API) describe it. */
export function orderDetails(o: Omit<OrderForMessage, 'consumerEmail' | 'consumerName' | 'consumerLocale'>): OrderDetails {
  return {
    id: o.id,
    productId: o.productId,
    productName: o.productName,
    quantity: o.quantity,
    color: o.color,
    unitPrice: o.unitPrice,
    discount: o.discount,
    total: o.total,
    currency: o.currency,
    status: o.status ?? 'RECIBIDO',
    createdAt: o.createdAt.toISOString(),
  };
}

const addressed = (to: Recipient) => ({ locale: to.locale, to: { email: to.email, name: to.name } });

/** The buyer's e-mail for an order event. */
export function orderMessage(
  type: 'ORDER_CREATED' | 'ORDER_DELIVERED' | 'ORDER_CANCELLED',
  order: OrderForMessage,
  publicUrl: string,
  to: Recipient = consumerOf(order),
): EmailMessageInput {
  const base = { ...addressed(to), order: orderDetails(order), orderUrl: orderUrl(publicUrl, order.id) };
  switch (type) {
    case 'ORDER_CREATED':
      return { ...base, type, cancelUrl: `${base.orderUrl}?action=cancel` };
    case 'ORDER_DELIVERED':
      return { ...base, type, reviewUrl: `${base.orderUrl}?action=review`, receiptUrl: `${base.orderUrl}/receipt` };
    case 'ORDER_CANCELLED':
      return { ...base, type };
  }
}

/** The buyer's e-mail for a refused purchase (RECHAZADO or SIN_STOCK): why, and what to do about it. */
export function rejectionMessage(
  order: OrderForMessage,
  stockLeft: number | null,
  publicUrl: string,
  to: Recipient = consumerOf(order),
): EmailMessageInput {
  return {
    type: 'ORDER_REJECTED',
    ...addressed(to),
    order: orderDetails(order),
    orderUrl: orderUrl(publicUrl, order.id),
    fundsUrl: `${publicUrl}/profile/wallet#funds`,
    productUrl: productUrl(publicUrl, order.productId),
    stockLeft,
  };
}

type SellerMessageType = 'SALE_NEW' | 'SALE_CANCELLED';

/** The seller's e-mail for a new or cancelled sale; none when nobody is known to send it to. */
export function saleMessage(
  order: OrderForMessage & SellerForMessage,
  publicUrl: string,
  to: Recipient | null = sellerOf(order),
  type: SellerMessageType = 'SALE_NEW',
): EmailMessageInput | undefined {
  if (!to) return undefined;
  return {
    type,
    ...addressed(to),
    order: orderDetails(order),
    buyerOrganization: order.consumerOrganization ?? order.consumerName,
    saleUrl: orderUrl(publicUrl, order.id),
  };
}

/** What users' settlement of a delivered order answered (docs/ledger.md). */
export interface Settlement {
  proceeds: number;
  fee: number;
  balance: number;
}

/** The seller's e-mail for a delivered sale, with the amounts the ledger credited (never recomputed here). */
export function saleDeliveredMessage(
  order: OrderForMessage & SellerForMessage,
  settlement: Settlement,
  publicUrl: string,
  to: Recipient | null = sellerOf(order),
): EmailMessageInput | undefined {
  if (!to) return undefined;
  return {
    type: 'SALE_DELIVERED',
    ...addressed(to),
    order: orderDetails(order),
    buyerOrganization: order.consumerOrganization ?? order.consumerName,
    settlement: { proceeds: settlement.proceeds, fee: settlement.fee, balance: settlement.balance },
    saleUrl: orderUrl(publicUrl, order.id),
    statementUrl: `${publicUrl}/profile/statement`,
  };
}

/** The seller's e-mail for a review of their product. */
export function reviewMessage(
  review: { id: number; rating: number; title: string; summary: string },
  order: OrderForMessage & SellerForMessage,
  publicUrl: string,
  to: Recipient | null = sellerOf(order),
): EmailMessageInput | undefined {
  if (!to) return undefined;
  return {
    type: 'REVIEW_NEW',
    ...addressed(to),
    review: {
      id: review.id,
      rating: review.rating,
      title: review.title,
      summary: review.summary,
      reviewer: order.consumerOrganization ?? order.consumerName,
    },
    order: orderDetails(order),
    productUrl: `${productUrl(publicUrl, order.productId)}#opinions`,
    saleUrl: orderUrl(publicUrl, order.id),
  };
}
