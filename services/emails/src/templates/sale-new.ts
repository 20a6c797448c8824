import type { SaleNewMessage } from '@marketshare/contracts';
import { formatMoney } from './format.js';
import { renderOrderMail, type RenderContext } from './order-postcard.js';
import type { RenderedEmail } from './postcard.js';

// Sent to the seller when one of their products is bought: the order is paid and its stock reserved (RECIBIDO), so
// the seller can prepare it. The main button leads to the sale.
const COPY = {
  es: {
    subject: (product: string) => `Nueva venta: ${product} 🛒`,
    heading: '¡Vendiste un producto!',
    sold: (buyer: string) => `${buyer} compró uno de tus productos. El pago está hecho y el stock reservado:`,
    credited: 'Cuando el pedido se entregue, se acreditará en tu saldo el total de ',
    lessFee: ', menos la comisión del mercado.',
    view: 'Ver la venta',
  },
  en: {
    subject: (product: string) => `New sale: ${product} 🛒`,
    heading: 'You made a sale!',
    sold: (buyer: string) => `${buyer} bought one of your products. It is paid for and the stock is reserved:`,
    credited: 'When the order is delivered, your balance is credited with its total of ',
    lessFee: ', less the marketplace fee.',
    view: 'View the sale',
  },
} as const;

export function renderSaleNew(m: SaleNewMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  const outro = [t.credited, { strong: formatMoney(m.order.total, m.order.currency, m.locale) }, t.lessFee];
  return renderOrderMail(m, ctx, { ...t, subject: t.subject(m.order.productName), intro: t.sold(m.buyerOrganization), outro: [outro], url: m.saleUrl });
}
