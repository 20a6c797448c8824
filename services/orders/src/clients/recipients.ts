import type { OrdersContext } from '../context.js';
import type { Recipient } from '../domain/order-messages.js';

/**
 * The person an e-mail goes to as their account says now: address, name and the language saved on it (the one the
 * header's switch saves, docs/design.md §4), read through the contact cache (at most a second old). When users
 * cannot answer, or the account is gone, the copy the order kept at purchase time (`fallback`): a mail in the
 * language of a moment ago is better than one held back.
 */
export async function recipientNow<F extends Recipient | null>(ctx: OrdersContext, userId: number, fallback: F): Promise<Recipient | F> {
  const contact = await ctx.marketplace.getContact(userId).catch(() => null);
  return contact ? { email: contact.email, name: contact.username, locale: contact.locale === 'es' ? 'es' : 'en' } : fallback;
}
