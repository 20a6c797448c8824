import { MicroCache } from '@marketshare/microcache';
import { productsApi, usersApi, type ContactDetails, type Endpoint } from '@marketshare/contracts';
import { HttpError, type EndpointAnswer, type ServiceClient } from '@marketshare/service-kit';
import { stepOutcome, type ProductSnapshot, type StepOutcome } from '../domain/purchase.js';

// The products and users services' internal endpoints (docs/internals.md), called with orders-service's token.
// Stock and balance steps are idempotent per order id on their side, which is what makes retrying them safe.

export type Contact = ContactDetails;

/** What an order asks products for: its stock, at the unit price and discount the order charges. */
export interface OrderStock {
  id: number;
  productId: number;
  quantity: number;
  unitPrice: number;
  discount: number;
}

/** What reserving stock answered: a step outcome, or that the product's price is not the one the order names. */
export type ReservationOutcome = StepOutcome | 'price_changed';

/** The answer to settling a sale: credited (with what users credited), refused, or to be asked again. */
export type SaleSettlement = { outcome: 'done'; proceeds: number; fee: number; balance: number } | { outcome: 'refused' | 'retry' };

export interface Marketplace {
  /**
   * The product, or null when it does not exist. Throws 503 when products cannot answer. It may be up to
   * `productCacheMs` old unless `fresh` is asked for.
   */
  getProduct(productId: number, opts?: { fresh?: boolean }): Promise<ProductSnapshot | null>;
  /** A person's contact details for e-mails, or null when the account does not exist. */
  getContact(userId: number): Promise<Contact | null>;
  /** Reserves stock only while the product's unit price and discount are the order's. */
  reserveStock(order: OrderStock): Promise<ReservationOutcome>;
  debitBalance(orderId: number, consumerId: number, amount: number): Promise<StepOutcome>;
  /** True once nothing stays reserved for the order (released now, before, or never reserved). */
  releaseStock(orderId: number): Promise<boolean>;
  /** True once nothing stays charged for the order (refunded now, before, or never debited). */
  refundBalance(orderId: number, consumerId: number): Promise<boolean>;
  /**
   * Credits a delivered order's charge to its seller: done (now or before), refused (the order was refunded,
   * never charged, or credited to another seller), or retry (no answer to go by).
   */
  settleSale(orderId: number, sellerId: number): Promise<SaleSettlement>;
  /** Adds a review to the product's rating summary; true when products has counted it. */
  recordRating(productId: number, reviewId: number, rating: number): Promise<boolean>;
}

// A second, like the other caches (docs/design.md §6): the language a person picks in the header reaches the next
// e-mail about any of their orders within it.
const CONTACT_TTL_MS = 1_000;
const CACHE_MAX = 10_000;

export function createMarketplace(
  client: ServiceClient,
  urls: { products: string; users: string },
  opts: { productCacheMs: number },
): Marketplace {
  // A purchase needs the buyer's and seller's e-mail, name and locale only to address its e-mails; remembering them
  // for a second saves a call per purchase for busy buyers and sellers (a busy entry is renewed in the background).
  const contacts = new MicroCache(CONTACT_TTL_MS, CACHE_MAX);
  // A product read for a purchase serves the purchases of the next productCacheMs too (concurrent ones share the
  // call). Its price may be stale by then, but reserveStock names the order's price and products refuses any other
  // (price_changed), so an order is never charged a price the product no longer has.
  const products = new MicroCache(opts.productCacheMs, CACHE_MAX);

  /** The answer of a call, or undefined when there was none we can read (network error, timeout, not JSON). */
  async function answerOf<E extends Endpoint>(p: Promise<EndpointAnswer<E>>): Promise<EndpointAnswer<E> | undefined> {
    try {
      return await p;
    } catch (e) {
      if (e instanceof HttpError || e instanceof SyntaxError) return undefined;
      throw e;
    }
  }
  const statusOf = async <E extends Endpoint>(p: Promise<EndpointAnswer<E>>) => (await answerOf(p))?.status;

  async function read<E extends Endpoint>(p: Promise<EndpointAnswer<E>>, what: string) {
    const res = await answerOf(p);
    if (res?.status === 404) return null;
    if (res?.status !== 200 || !res.body)
      throw new HttpError(503, 'unavailable', `${what} is not available right now (${res?.status ?? 'no answer'})`);
    return res.body;
  }

  return {
    getProduct(productId, { fresh = false } = {}) {
      const key = String(productId);
      if (fresh) products.forget(key);
      const product = products.remember(key, () =>
        read(client.request(urls.products, productsApi.internalProduct, { params: { id: productId } }), 'The products service'),
      );
      // Only a product that exists is remembered: one created a moment later must be found at once.
      product.then(
        (p) => p || products.forget(key),
        () => undefined,
      );
      return product;
    },

    getContact(userId) {
      const key = String(userId);
      const contact = contacts.remember(key, () =>
        read(client.request(urls.users, usersApi.contact, { params: { id: userId } }), 'The users service'),
      );
      // Only an account that exists is remembered, as for products.
      contact.then((c) => c || contacts.forget(key), () => undefined);
      return contact;
    },

    async reserveStock({ id: orderId, productId, quantity, unitPrice, discount }) {
      const res = await answerOf(
        client.request(urls.products, productsApi.reserveStock, { body: { orderId, productId, quantity, unitPrice, discount } }),
      );
      // A reservation already given back belongs to an order that was undone: it must not be accepted on it.
      if (res?.status === 200 && res.body?.released) return 'refused';
      if (res?.status === 409 && res.error?.error === 'price_changed') return 'price_changed';
      return stepOutcome(res?.status);
    },

    debitBalance: async (orderId, consumerId, amount) =>
      stepOutcome(await statusOf(client.request(urls.users, usersApi.debit, { body: { orderId, consumerId, amount } }))),

    async releaseStock(orderId) {
      const status = await statusOf(client.request(urls.products, productsApi.releaseStock, { body: { orderId } }));
      return status === 200 || status === 204 || status === 404;
    },

    async refundBalance(orderId, consumerId) {
      const status = await statusOf(client.request(urls.users, usersApi.refund, { body: { orderId, consumerId } }));
      // 404: this order was never debited, so there is nothing to give back.
      return status === 200 || status === 204 || status === 404;
    },

    async settleSale(orderId, sellerId) {
      const res = await answerOf(client.request(urls.users, usersApi.settle, { body: { orderId, sellerId } }));
      if (res?.status === 200 && res.body) return { outcome: 'done', proceeds: res.body.proceeds, fee: res.body.fee, balance: res.body.balance };
      return { outcome: res?.status === 404 || res?.status === 409 ? 'refused' : 'retry' };
    },

    async recordRating(productId, reviewId, rating) {
      const status = await statusOf(
        client.request(urls.products, productsApi.recordRating, { body: { productId, reviewId, rating } }),
      );
      return status === 200 || status === 204;
    },
  };
}
