import type { OrderDeliveredMessage } from '@marketshare/contracts';
import { renderOrderPostcard, type RenderContext } from './order-postcard.js';
import type { RenderedEmail } from './postcard.js';

// Sent when an order reaches ENTREGADO, inviting a review.
const COPY = {
  es: {
    subject: '¡Tu pedido ya llegó a su destino! 💫',
    heading: '¡Tu pedido ya llegó a su destino!',
    delivered: 'Tu pedido fue entregado. Estos son sus detalles:',
    thanks: '¡Gracias por confiar en marketshare!',
    review: 'Cuéntale a otras empresas qué te pareció el producto.',
    action: 'Reseñar producto',
    view: 'Ver mi pedido',
  },
  en: {
    subject: 'Your order has arrived! 💫',
    heading: 'Your order has reached its destination!',
    delivered: 'Your order has been delivered. These are its details:',
    thanks: 'Thank you for trusting marketshare!',
    review: 'Tell other businesses what you thought of the product.',
    action: 'Review product',
    view: 'View my order',
  },
} as const;

export function renderOrderDelivered(m: OrderDeliveredMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  return renderOrderPostcard(m, ctx, {
    subject: t.subject,
    preheader: t.delivered,
    heading: t.heading,
    intro: [[t.delivered]],
    outro: [[{ strong: t.thanks }], [t.review]],
    action: { label: t.action, url: m.reviewUrl },
    links: [{ label: t.view, url: m.orderUrl }],
  });
}
