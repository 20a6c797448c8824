import type { OrderDetails } from '@marketshare/contracts';
import { colorLabel, formatDateTime, formatMoney, statusLabel, type Locale } from './format.js';
import { COLOURS, renderPostcard, type DetailRow, type EmailContent, type Link, type Paragraph, type RenderedEmail } from './postcard.js';

export interface RenderContext {
  /** Zone of the dates shown (MAIL_TIME_ZONE). */
  timeZone: string;
}

const LABELS: Record<Locale, Record<'id' | 'date' | 'product' | 'color' | 'quantity' | 'unitPrice' | 'discount' | 'total' | 'status', string>> = {
  es: {
    id: 'Transacción',
    date: 'Fecha de emisión',
    product: 'Producto',
    color: 'Color',
    quantity: 'Cantidad',
    unitPrice: 'Precio unitario',
    discount: 'Descuento',
    total: 'Total',
    status: 'Situación',
  },
  en: {
    id: 'Transaction',
    date: 'Issued on',
    product: 'Product',
    color: 'Colour',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    discount: 'Discount',
    total: 'Total',
    status: 'Status',
  },
};

/** The original's status colours: yellow while under way, green when delivered, red when it went no further. */
export function statusColour(status: string): string {
  if (status === 'ENTREGADO') return COLOURS.delivered;
  if (status === 'CANCELADO' || status === 'RECHAZADO' || status === 'SIN_STOCK') return COLOURS.cancelled;
  return COLOURS.created;
}

/** The order's details in the original's order (docs/design.md §9) (transaction, date, product, quantity, status) plus the money. */
export function orderDetailRows(order: OrderDetails, locale: Locale, ctx: RenderContext): DetailRow[] {
  const l = LABELS[locale];
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  return [
    { label: l.id, value: `#${order.id}` },
    { label: l.date, value: formatDateTime(order.createdAt, locale, ctx.timeZone) },
    { label: l.product, value: order.productName },
    ...(order.color ? [{ label: l.color, value: colorLabel(order.color, locale) }] : []),
    { label: l.quantity, value: String(order.quantity) },
    { label: l.unitPrice, value: money(order.unitPrice) },
    ...(order.discount ? [{ label: l.discount, value: `${order.discount} %` }] : []),
    { label: l.total, value: money(order.total) },
    { label: l.status, value: statusLabel(order.status, locale), color: statusColour(order.status) },
  ];
}

/**
 * A message about one order: a greeting by name, the template's own words, then the order's details followed by
 * the template's own rows (`extraDetails`: what a settlement credited, say).
 */
export function renderOrderPostcard(
  m: { locale: Locale; to: { name: string }; order: OrderDetails },
  ctx: RenderContext,
  content: Omit<EmailContent, 'locale' | 'details'> & { extraDetails?: DetailRow[] },
): RenderedEmail {
  const greeting: Paragraph = [m.locale === 'es' ? 'Hola ' : 'Hello ', { strong: m.to.name }, ','];
  const { extraDetails = [], ...rest } = content;
  return renderPostcard({
    ...rest,
    locale: m.locale,
    intro: [greeting, ...content.intro],
    details: [...orderDetailRows(m.order, m.locale, ctx), ...extraDetails],
  });
}

/**
 * The usual mail about an order, to either party: the template's subject and heading, one line that is also the
 * preheader, the order's details (and the template's own rows), its closing paragraphs, and a button (`view`) to `url`.
 */
export function renderOrderMail(
  m: { locale: Locale; to: { name: string }; order: OrderDetails },
  ctx: RenderContext,
  copy: { subject: string; heading: string; view: string; intro: string; outro: Paragraph[]; url: string; links?: Link[]; extraDetails?: DetailRow[] },
): RenderedEmail {
  const { intro, view, url, ...rest } = copy;
  return renderOrderPostcard(m, ctx, { ...rest, preheader: intro, intro: [[intro]], action: { label: view, url } });
}
