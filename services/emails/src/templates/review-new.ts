import type { ReviewNewMessage } from '@marketshare/contracts';
import { renderOrderPostcard, type RenderContext } from './order-postcard.js';
import type { RenderedEmail } from './postcard.js';

// Sent to the seller when a buyer reviews one of their products: the stars and the words, and the product's page
// where everyone reads it.
const COPY = {
  es: {
    subject: (product: string, stars: string) => `Nueva reseña de ${product}: ${stars} ⭐`,
    heading: 'Reseñaron uno de tus productos',
    reviewed: (buyer: string, product: string) => `${buyer} reseñó ${product}:`,
    outOf: 'de 5',
    order: 'La reseña es de este pedido:',
    action: 'Ver la reseña en el producto',
    view: 'Ver la venta',
  },
  en: {
    subject: (product: string, stars: string) => `New review of ${product}: ${stars} ⭐`,
    heading: 'One of your products was reviewed',
    reviewed: (buyer: string, product: string) => `${buyer} reviewed ${product}:`,
    outOf: 'out of 5',
    order: 'The review is about this order:',
    action: 'See the review on the product',
    view: 'View the sale',
  },
} as const;

/** 0 to 5 in halves as stars: ★ whole, ½ a half, ☆ empty (4.5 is ★★★★½, 2 is ★★☆☆☆). */
export function starsOf(rating: number): string {
  const halves = Math.max(0, Math.min(10, Math.round(rating * 2)));
  return '★'.repeat(Math.floor(halves / 2)) + (halves % 2 ? '½' : '') + '☆'.repeat(5 - Math.ceil(halves / 2));
}

export function renderReviewNew(m: ReviewNewMessage, ctx: RenderContext): RenderedEmail {
  const t = COPY[m.locale];
  const r = m.review;
  const score = `${r.rating.toLocaleString(m.locale === 'es' ? 'es-AR' : 'en-US')} ${t.outOf}`;
  return renderOrderPostcard(m, ctx, {
    subject: t.subject(m.order.productName, score),
    preheader: `${starsOf(r.rating)} ${r.title}`,
    heading: t.heading,
    intro: [[t.reviewed(r.reviewer, m.order.productName)]],
    quote: { stars: starsOf(r.rating), score, title: r.title, text: r.summary },
    detailsIntro: [t.order],
    action: { label: t.action, url: m.productUrl },
    links: [{ label: t.view, url: m.saleUrl }],
  });
}
