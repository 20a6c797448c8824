import type { OrderCancelledMessage } from '@marketshare/contracts';
import { formatMoney } from './format.js';
import { renderOrderMail, type RenderContext } from './order-postcard.js';
import type { RenderedEmail } from './postcard.js';

// Sent when the consumer cancels: the money is back in the balance and the units back in the seller's stock.
const COPY = {
  es: {
    subject: 'Tu pedido ha sido cancelado ⚠️',
    heading: 'Tu pedido ha sido cancelado',
    cancelled: 'Cancelamos tu pedido con los siguientes detalles:',
    refunded: 'Tu dinero ha sido restituido a tu saldo (',
    returned: ') y el producto devuelto a su origen.',
    view: 'Ver mi pedido',
  },
  en: {
    subject: 'Your order has been cancelled ⚠️',
    heading: 'Your order has been cancelled',
    cancelled: 'We have cancelled your order with the following details:',
    refunded: 'Your money has been returned to your balance (',
    returned: ') and the product has gone back to its seller.',
    view: 'View my order',
  },
} as const;

export function renderOrderCancelled(m: OrderCancelledMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  const refunded = formatMoney(m.order.total, m.order.currency, m.locale);
  return renderOrderMail(m, ctx, { ...t, intro: t.cancelled, outro: [[t.refunded, { strong: refunded }, t.returned]], url: m.orderUrl });
}
