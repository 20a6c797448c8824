import { conflict, forbidden, notFound } from '@marketshare/service-kit';
import type { OrderStatus } from '@marketshare/contracts';

// The refusals a buyer's or seller's page can meet, each with the code and params clients word in the person's
// language (PERSON_ERROR_CODES); the message is for people reading the API.

export const productNotFound = () => notFound('Product', 'product_not_found');
/** Someone else's order answers exactly like a missing one: its existence is nobody else's business. */
export const orderNotFound = () => notFound('Order', 'order_not_found');
export const accountNotFound = () => forbidden('Your account no longer exists', 'account_not_found');
export const notYourOrder = (what: string) => forbidden(`Only the consumer who placed an order may ${what} it`, 'not_your_order');
export const notCancellable = (status: OrderStatus | null) =>
  conflict(`An order that is ${status} cannot be cancelled`, 'order_not_cancellable').withParams({ status: status ?? '' });
export const alreadyReviewed = () => conflict('This order already has a review', 'already_reviewed');
export const notDelivered = (status: OrderStatus | null) =>
  conflict('Only a delivered order can be reviewed', 'order_not_delivered').withParams({ status: status ?? '' });
