import type { EmailMessageInput, OrderDetails } from '@marketshare/contracts';

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

export const orderUrl = (publicUrl: string, id: number) => `${publicUrl}/orders/${id}`;

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

/** The e-mail for an order event (docs/internals.md, Messages); links are built from PUBLIC_URL. */
export function orderMessage(
  type: 'ORDER_CREATED' | 'ORDER_DELIVERED' | 'ORDER_CANCELLED',
  order: OrderForMessage,
  publicUrl: string,
): EmailMessageInput {
  const base = {
    locale: order.consumerLocale,
    to: { email: order.consumerEmail, name: order.consumerName },
    order: orderDetails(order),
    orderUrl: orderUrl(publicUrl, order.id),
  };
  switch (type) {
    case 'ORDER_CREATED':
      return { ...base, type, cancelUrl: `${base.orderUrl}?action=cancel` };
    case 'ORDER_DELIVERED':
      return { ...base, type, reviewUrl: `${base.orderUrl}?action=review` };
    case 'ORDER_CANCELLED':
      return { ...base, type };
  }
}

/** The seller's e-mail for a new sale; none for an order that does not know its seller's address. */
export function saleMessage(order: OrderForMessage & SellerForMessage, publicUrl: string): EmailMessageInput | undefined {
  if (!order.sellerEmail || !order.sellerName) return undefined;
  return {
    type: 'SALE_NEW',
    locale: order.sellerLocale ?? 'es',
    to: { email: order.sellerEmail, name: order.sellerName },
    order: orderDetails(order),
    buyerOrganization: order.consumerOrganization ?? order.consumerName,
    saleUrl: orderUrl(publicUrl, order.id),
  };
}
