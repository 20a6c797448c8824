import { readFileSync } from 'node:fs';
import type { EmailMessage } from '@marketshare/contracts';
import { renderAccountChanged } from './account-changed.js';
import { renderAccountNew } from './account-new.js';
import { renderOrderCancelled } from './order-cancelled.js';
import { renderOrderCreated } from './order-created.js';
import { renderOrderDelivered } from './order-delivered.js';
import type { RenderContext } from './order-postcard.js';
import { renderOrderRejected } from './order-rejected.js';
import { renderReviewNew } from './review-new.js';
import { renderSaleCancelled } from './sale-cancelled.js';
import { renderSaleDelivered } from './sale-delivered.js';
import { renderSaleNew } from './sale-new.js';
import { renderPasswordReset } from './password-reset.js';
import { renderWithdrawalMade } from './withdrawal-made.js';
import { LOGO_CID, type RenderedEmail } from './postcard.js';

export { LOGO_CID, type RenderedEmail } from './postcard.js';
export type { RenderContext } from './order-postcard.js';

/** Subject, HTML and text of the e-mail a message asks for, in the recipient's language. */
export function renderEmail(message: EmailMessage, ctx: RenderContext): RenderedEmail {
  switch (message.type) {
    case 'ACCOUNT_NEW':
      return renderAccountNew(message);
    case 'ACCOUNT_CHANGED':
      return renderAccountChanged(message);
    case 'ORDER_CREATED':
      return renderOrderCreated(message, ctx);
    case 'ORDER_REJECTED':
      return renderOrderRejected(message, ctx);
    case 'ORDER_DELIVERED':
      return renderOrderDelivered(message, ctx);
    case 'ORDER_CANCELLED':
      return renderOrderCancelled(message, ctx);
    case 'SALE_NEW':
      return renderSaleNew(message, ctx);
    case 'SALE_CANCELLED':
      return renderSaleCancelled(message, ctx);
    case 'SALE_DELIVERED':
      return renderSaleDelivered(message, ctx);
    case 'REVIEW_NEW':
      return renderReviewNew(message, ctx);
    case 'WITHDRAWAL_MADE':
      return renderWithdrawalMade(message);
    case 'PASSWORD_RESET':
      return renderPasswordReset(message);
  }
}

// The logo travels inside every message as an inline (CID) attachment: no externally hosted image to block or
// track. The path resolves from both src/ and dist/. It is read once; nodemailer shares the buffer.
export const LOGO_PNG = readFileSync(new URL('../../assets/logo.png', import.meta.url));
export const logoAttachment = () => ({ filename: 'marketshare.png', content: LOGO_PNG, contentType: 'image/png', cid: LOGO_CID });
