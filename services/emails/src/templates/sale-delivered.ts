import type { SaleDeliveredMessage } from '@marketshare/contracts';
import { formatMoney } from './format.js';
import { renderOrderMail, type RenderContext } from './order-postcard.js';
import { COLOURS, type RenderedEmail } from './postcard.js';

// Sent to the seller once a delivered sale is credited: the amounts are the ones the ledger credited (users'
// settlement answer, docs/ledger.md), never recomputed here.
const COPY = {
  es: {
    subject: (amount: string) => `Venta entregada: acreditamos ${amount} 💰`,
    heading: 'Tu venta fue entregada y acreditada',
    delivered: (buyer: string) => `El pedido de ${buyer} fue entregado. Estos son sus detalles:`,
    credited: 'Acreditado en tu saldo',
    fee: 'Comisión del mercado',
    balance: 'Tu saldo ahora',
    creditedLine: (amount: string, total: string, fee: string) => [`Acreditamos `, { strong: amount }, ` en tu saldo: el total de ${total} menos la comisión del mercado de ${fee}.`],
    view: 'Ver la venta',
    statement: 'Ver mis movimientos',
  },
  en: {
    subject: (amount: string) => `Sale delivered: ${amount} credited 💰`,
    heading: 'Your sale was delivered and credited',
    delivered: (buyer: string) => `${buyer}'s order has been delivered. These are its details:`,
    credited: 'Credited to your balance',
    fee: 'Marketplace fee',
    balance: 'Your balance now',
    creditedLine: (amount: string, total: string, fee: string) => [`We credited `, { strong: amount }, ` to your balance: the total of ${total} less the marketplace fee of ${fee}.`],
    view: 'View the sale',
    statement: 'See my statement',
  },
} as const;

export function renderSaleDelivered(m: SaleDeliveredMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  const money = (minor: number) => formatMoney(minor, m.order.currency, m.locale);
  const { proceeds, fee, balance } = m.settlement;
  return renderOrderMail(m, ctx, {
    ...t,
    subject: t.subject(money(proceeds)),
    intro: t.delivered(m.buyerOrganization),
    extraDetails: [
      { label: t.fee, value: money(fee) },
      { label: t.credited, value: money(proceeds), color: COLOURS.delivered },
      { label: t.balance, value: money(balance) },
    ],
    outro: [[...t.creditedLine(money(proceeds), money(m.order.total), money(fee))]],
    url: m.saleUrl,
    links: [{ label: t.statement, url: m.statementUrl }],
  });
}
