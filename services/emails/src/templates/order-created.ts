import type { OrderCreatedMessage } from '@marketshare/contracts';
import { renderOrderMail, type RenderContext } from './order-postcard.js';
import type { RenderedEmail } from './postcard.js';

// Sent when an order is accepted (RECIBIDO). The original sent "your order is on its way" with a cancel button, even
// for orders it had rejected (docs/design.md §9, defect 4): this one is titled by the actual status (received, not
// yet on its way) and its main button leads to the order; cancelling is a secondary link. A refused purchase gets
// ORDER_REJECTED instead (order-rejected.ts).
const COPY = {
  es: {
    subject: 'Recibimos tu pedido 📦',
    heading: '¡Gracias por tu compra!',
    confirmed: 'Hemos confirmado tu última compra con los siguientes detalles:',
    later: 'Te volveremos a informar cuando tu pedido llegue a su destino. Si cambiaste de opinión, puedes cancelarlo mientras no haya sido entregado.',
    cancel: 'Cancelar pedido',
    view: 'Ver mi pedido',
  },
  en: {
    subject: 'We have received your order 📦',
    heading: 'Thank you for your purchase!',
    confirmed: 'We have confirmed your latest purchase with the following details:',
    later: 'We will write again when your order reaches its destination. If you change your mind, you can cancel it until it is delivered.',
    cancel: 'Cancel order',
    view: 'View my order',
  },
} as const;

export function renderOrderCreated(m: OrderCreatedMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  return renderOrderMail(m, ctx, { ...t, intro: t.confirmed, outro: [[t.later]], url: m.orderUrl, links: [{ label: t.cancel, url: m.cancelUrl }] });
}
