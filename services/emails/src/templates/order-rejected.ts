import type { OrderRejectedMessage } from '@marketshare/contracts';
import { formatMoney } from './format.js';
import { renderOrderPostcard, type RenderContext } from './order-postcard.js';
import type { Paragraph, RenderedEmail } from './postcard.js';

// Sent when a purchase is refused: RECHAZADO (the balance did not cover it) or SIN_STOCK (the seller had fewer
// units than asked). It says why, that nothing was charged, and what to do: add funds, or buy the units left.
const COPY = {
  es: {
    subject: { RECHAZADO: 'Pedido rechazado: saldo insuficiente ⚠️', SIN_STOCK: 'Pedido rechazado: sin stock suficiente ⚠️' },
    heading: 'Tu pedido fue rechazado',
    why: {
      RECHAZADO: (total: string) => ['Tu pedido fue rechazado porque tu saldo no alcanzaba para pagar su total de ', { strong: total }, '.'],
      SIN_STOCK: (quantity: number) => ['Tu pedido fue rechazado porque el vendedor no tenía ', { strong: `${quantity} unidades` }, ' disponibles.'],
    },
    notCharged: 'No se te cobró nada y no se reservó stock. Estos son los detalles:',
    addFunds: 'Añade fondos a tu saldo y vuelve a comprarlo.',
    left: (n: number) => (n === 0 ? 'Por ahora no quedan unidades: vuelve a mirar el producto más tarde.' : `Quedan ${n} ${n === 1 ? 'unidad' : 'unidades'}: puedes comprar esa cantidad o menos.`),
    leftUnknown: 'Mira en la página del producto cuántas unidades quedan y compra esa cantidad o menos.',
    fundsAction: 'Añadir fondos',
    productAction: 'Ver el producto',
    view: 'Ver mi pedido',
  },
  en: {
    subject: { RECHAZADO: 'Order rejected: not enough balance ⚠️', SIN_STOCK: 'Order rejected: not enough stock ⚠️' },
    heading: 'Your order was rejected',
    why: {
      RECHAZADO: (total: string) => ['Your order was rejected because your balance did not cover its total of ', { strong: total }, '.'],
      SIN_STOCK: (quantity: number) => ['Your order was rejected because the seller did not have ', { strong: `${quantity} units` }, ' available.'],
    },
    notCharged: 'You have not been charged and no stock was held. These are its details:',
    addFunds: 'Add funds to your balance and buy it again.',
    left: (n: number) => (n === 0 ? 'No units are left for now: look at the product again later.' : `${n} ${n === 1 ? 'unit is' : 'units are'} left: you can buy that many or fewer.`),
    leftUnknown: 'See on the product page how many units are left and buy that many or fewer.',
    fundsAction: 'Add funds',
    productAction: 'See the product',
    view: 'View my order',
  },
} as const;

export function renderOrderRejected(m: OrderRejectedMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  const noMoney = m.order.status === 'RECHAZADO';
  const why: Paragraph = noMoney ? [...t.why.RECHAZADO(formatMoney(m.order.total, m.order.currency, m.locale))] : [...t.why.SIN_STOCK(m.order.quantity)];
  const next = noMoney ? t.addFunds : m.stockLeft === null ? t.leftUnknown : t.left(m.stockLeft);
  return renderOrderPostcard(m, ctx, {
    subject: noMoney ? t.subject.RECHAZADO : t.subject.SIN_STOCK,
    preheader: next,
    heading: t.heading,
    intro: [why, [t.notCharged]],
    outro: [[{ strong: next }]],
    // the main button leads to the order, like every order mail's; what to do is the link under it
    action: { label: t.view, url: m.orderUrl },
    links: [noMoney ? { label: t.fundsAction, url: m.fundsUrl } : { label: t.productAction, url: m.productUrl }],
  });
}
