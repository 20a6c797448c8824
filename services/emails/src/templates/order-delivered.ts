import type { OrderDeliveredMessage } from '@marketshare/contracts';
import { renderOrderMail, type RenderContext } from './order-postcard.js';
import type { RenderedEmail } from './postcard.js';

// Sent when an order reaches ENTREGADO: titled by that status, leading with the order (docs/design.md §4), with its
// printable receipt and an invitation to review.
const COPY = {
  es: {
    subject: '¡Tu pedido ya llegó a su destino! 💫',
    heading: '¡Tu pedido ya llegó a su destino!',
    delivered: 'Tu pedido fue entregado. Estos son sus detalles:',
    thanks: '¡Gracias por confiar en marketshare!',
    review: 'Cuéntale a otras empresas qué te pareció el producto.',
    reviewAction: 'Reseñar producto',
    view: 'Ver mi pedido',
    receipt: 'Ver e imprimir el comprobante',
  },
  en: {
    subject: 'Your order has arrived! 💫',
    heading: 'Your order has reached its destination!',
    delivered: 'Your order has been delivered. These are its details:',
    thanks: 'Thank you for trusting marketshare!',
    review: 'Tell other businesses what you thought of the product.',
    reviewAction: 'Review product',
    view: 'View my order',
    receipt: 'View and print the receipt',
  },
} as const;

export function renderOrderDelivered(m: OrderDeliveredMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  const receipt = m.receiptUrl ? [{ label: t.receipt, url: m.receiptUrl }] : [];
  const links = [...receipt, { label: t.reviewAction, url: m.reviewUrl }];
  return renderOrderMail(m, ctx, { ...t, intro: t.delivered, outro: [[{ strong: t.thanks }], [t.review]], url: m.orderUrl, links });
}
