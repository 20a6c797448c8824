import type { OrderCreatedMessage } from '@marketshare/contracts';
import { renderOrderPostcard, type RenderContext } from './order-postcard.js';
import type { RenderedEmail } from './postcard.js';

// Sent when an order is placed. The original sent "your order is on its way" with a cancel button even for
// orders it had rejected (docs/design.md §9, defect 4); a rejected order (RECHAZADO, SIN_STOCK) gets its own message here,
// saying why and that nothing was charged, and no cancel link. An accepted one is titled by its actual status
// (received, RECIBIDO: not yet on its way) and its main button leads to the order; cancelling is a secondary link.
const COPY = {
  es: {
    subject: 'Recibimos tu pedido 📦',
    heading: '¡Gracias por tu compra!',
    confirmed: 'Hemos confirmado tu última compra con los siguientes detalles:',
    later: 'Te volveremos a informar cuando tu pedido llegue a su destino. Si cambiaste de opinión, puedes cancelarlo mientras no haya sido entregado.',
    cancel: 'Cancelar pedido',
    view: 'Ver mi pedido',
    rejectedSubject: 'No pudimos concretar tu pedido ⚠️',
    rejectedHeading: 'Tu pedido no pudo concretarse',
    reasons: {
      RECHAZADO: 'tu saldo no alcanzaba para pagarlo',
      SIN_STOCK: 'el vendedor no tenía stock suficiente',
    } as Record<string, string>,
    rejected: 'Lamentablemente, tu pedido fue rechazado porque ',
    notCharged: 'No se te cobró nada. Estos son los detalles:',
  },
  en: {
    subject: 'We have received your order 📦',
    heading: 'Thank you for your purchase!',
    confirmed: 'We have confirmed your latest purchase with the following details:',
    later: 'We will write again when your order reaches its destination. If you change your mind, you can cancel it until it is delivered.',
    cancel: 'Cancel order',
    view: 'View my order',
    rejectedSubject: 'We could not place your order ⚠️',
    rejectedHeading: 'Your order could not be placed',
    reasons: {
      RECHAZADO: 'your balance was too low to pay for it',
      SIN_STOCK: 'the seller did not have enough stock',
    } as Record<string, string>,
    rejected: 'Unfortunately your order was rejected because ',
    notCharged: 'You have not been charged. These are its details:',
  },
} as const;

export function renderOrderCreated(m: OrderCreatedMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  const reason = t.reasons[m.order.status];
  if (reason) {
    return renderOrderPostcard(m, ctx, {
      subject: t.rejectedSubject,
      preheader: `${t.rejected}${reason}.`,
      heading: t.rejectedHeading,
      intro: [[t.rejected, { strong: reason }, '.'], [t.notCharged]],
      links: [{ label: t.view, url: m.orderUrl }],
    });
  }
  return renderOrderPostcard(m, ctx, {
    subject: t.subject,
    preheader: t.confirmed,
    heading: t.heading,
    intro: [[t.confirmed]],
    outro: [[t.later]],
    action: { label: t.view, url: m.orderUrl },
    links: [{ label: t.cancel, url: m.cancelUrl }],
  });
}
