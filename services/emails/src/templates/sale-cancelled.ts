import type { SaleCancelledMessage } from '@marketshare/contracts';
import { renderOrderMail, type RenderContext } from './order-postcard.js';
import type { RenderedEmail } from './postcard.js';

// Sent to the seller when the buyer cancels one of their sales: nothing to ship, and the units are back in stock.
const COPY = {
  es: {
    subject: (product: string) => `Venta cancelada: ${product} ⚠️`,
    heading: 'El comprador canceló una venta',
    cancelled: (buyer: string) => `${buyer} canceló la compra de uno de tus productos. No hace falta enviarlo:`,
    restocked: 'Las unidades volvieron a tu stock y el comprador recuperó su dinero; esta venta no se acreditará.',
    view: 'Ver la venta',
  },
  en: {
    subject: (product: string) => `Sale cancelled: ${product} ⚠️`,
    heading: 'A buyer cancelled a sale',
    cancelled: (buyer: string) => `${buyer} cancelled a purchase of one of your products. There is nothing to ship:`,
    restocked: 'The units are back in your stock and the buyer got their money back; this sale will not be credited.',
    view: 'View the sale',
  },
} as const;

export function renderSaleCancelled(m: SaleCancelledMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  const intro = t.cancelled(m.buyerOrganization);
  return renderOrderMail(m, ctx, { ...t, subject: t.subject(m.order.productName), intro, outro: [[t.restocked]], url: m.saleUrl });
}
