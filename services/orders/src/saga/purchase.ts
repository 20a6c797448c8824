import { HttpError, badRequest, outboxMessage } from '@marketshare/service-kit';
import type { EmailMessageInput, ErrorBody, OrderStatus, PriceQuote, PurchaseBody } from '@marketshare/contracts';
import { recipientNow } from '../clients/recipients.js';
import type { OrdersContext } from '../context.js';
import { acceptPendingOrder, insertPendingOrder, type PendingOrder } from '../db/purchase-queries.js';
import {
  claimUnsettledOrder,
  findOrder,
  findOrderByKey,
  markCompensating,
  releaseOrderLease,
  repricePendingOrder,
  discardPendingOrder,
  settleCompensated,
} from '../db/saga-queries.js';
import type { OrderRow } from '../db/schema.js';
import { consumerOf, orderMessage, rejectionMessage, saleMessage } from '../domain/order-messages.js';
import { isRejection, nextTransitionAt, withStatus } from '../domain/order-state.js';
import { accountNotFound, productNotFound } from '../domain/refusals.js';
import { chosenColor, isPurchasable, priceLine, settledStatus, stepsToUndo, type StepOutcome } from '../domain/purchase.js';

// A purchase is a saga over three stores (docs/design.md §3): the order here, the stock in products and the balance
// in users. The order row is written first, in phase PENDING, so its id names every remote step; the remote steps
// are idempotent per order id, so whoever drives the saga (the request, a retried request, or the recovery pass
// after a crash) can run them again safely. Settling an order is a conditional update on its phase, so when two
// drivers race exactly one of them settles it and the other one undoes whatever it did itself.

/** 409 price_changed: the price went up since the buyer saw it; the body carries the price now to confirm. */
export class PriceChanged extends HttpError {
  constructor(readonly price: PriceQuote) {
    super(409, 'price_changed', `The price has changed: the total is now ${price.total} ${price.currency}; confirm to buy at it`);
    this.withParams({ total: price.total, currency: price.currency });
  }
  override toBody(): ErrorBody {
    return { ...super.toBody(), price: this.price };
  }
}

export interface PurchaseResult {
  order: OrderRow;
  /** False when an Idempotency-Key matched an earlier purchase and that order is returned instead. */
  created: boolean;
}

/** An order still unsettled this long after it was placed is given up: rejected, with everything undone. */
const GIVE_UP_MS = 10 * 60_000;
/** How long a retried request waits for the first one to settle before answering 503. */
const REPLAY_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stillSettling(): HttpError {
  return new HttpError(
    503,
    'purchase_pending',
    'The purchase could not be settled right now; it will be completed or undone shortly',
  );
}

export async function placeOrder(
  ctx: OrdersContext,
  consumerId: number,
  request: PurchaseBody,
  idempotencyKey?: string,
): Promise<PurchaseResult> {
  // The Idempotency-Key is looked up only when the insert says it was used before, or when the purchase cannot be
  // placed now: a retry still gets its first order when, say, the product has been deleted since.
  let order: PendingOrder;
  try {
    order = { ...(await newOrder(ctx, consumerId, request)), idempotencyKey: idempotencyKey ?? null };
  } catch (e) {
    const earlier = idempotencyKey ? await findOrderByKey(ctx.db, consumerId, idempotencyKey) : undefined;
    if (earlier) return { order: await replay(ctx, earlier, request), created: false };
    throw e;
  }

  const inserted = await insertPendingOrder(ctx.db, order);
  if (!inserted) {
    // An earlier or concurrent request with the same key won the unique index: answer with its order.
    const earlier = await findOrderByKey(ctx.db, consumerId, idempotencyKey!);
    if (!earlier) throw stillSettling();
    return { order: await replay(ctx, earlier, request), created: false };
  }

  const settled = await drive(ctx, inserted, request.maxTotal);
  if (!settled) {
    await releaseLease(ctx, inserted.id);
    throw stillSettling();
  }
  return { order: settled, created: true };
}

/** The order a purchase records, from the product and the buyer; an unknown product or colour records nothing. */
async function newOrder(
  ctx: OrdersContext,
  consumerId: number,
  request: PurchaseBody,
): Promise<Omit<PendingOrder, 'idempotencyKey'>> {
  const [product, contact] = await Promise.all([
    ctx.marketplace.getProduct(request.productId),
    ctx.marketplace.getContact(consumerId),
  ]);
  if (!product || !isPurchasable(product)) throw productNotFound();
  // The seller's address for the new-sale e-mail (cached like the buyer's); a sale is never refused for want of it.
  const seller = await ctx.marketplace.getContact(product.sellerId).catch(() => null);
  if (!contact) throw accountNotFound();
  const color = chosenColor(product.colors ?? [], request.color);
  if (color === undefined) {
    throw badRequest('color is not offered for this product', [
      { field: 'color', message: `must be one of: ${product.colors.join(', ') || '(none)'}`, code: 'color_not_offered', params: { colors: product.colors.join(',') } },
    ]);
  }
  const price = priceLine(product, request.quantity);
  if (request.maxTotal !== undefined && price.total > request.maxTotal) throw new PriceChanged(price);
  return {
    consumerId,
    sellerId: product.sellerId,
    productId: product.id,
    productName: product.name,
    category: product.category,
    quantity: request.quantity,
    color,
    ...price,
    consumerEmail: contact.email,
    consumerName: contact.username,
    consumerLocale: contact.locale === 'es' ? 'es' : 'en',
    consumerOrganization: contact.organization.name,
    sellerEmail: seller?.email ?? null,
    sellerName: seller?.username ?? null,
    sellerLocale: seller ? (seller.locale === 'es' ? 'es' : 'en') : null,
    sellerOrganization: seller?.organization.name ?? null,
  };
}

/** The answer to a retried purchase: the first order, once it has settled. */
async function replay(ctx: OrdersContext, earlier: OrderRow, request: PurchaseBody): Promise<OrderRow> {
  if (
    earlier.productId !== request.productId ||
    earlier.quantity !== request.quantity ||
    earlier.color !== (request.color ?? null)
  ) {
    throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different purchase');
  }
  const deadline = Date.now() + REPLAY_WAIT_MS;
  let row: OrderRow | undefined = earlier;
  let triedToTakeOver = false;
  while (row && row.phase !== 'DONE' && Date.now() < deadline) {
    // If the first request died mid-way, take the saga over (once) rather than wait for the recovery pass.
    const claimed = triedToTakeOver ? undefined : await claimUnsettledOrder(ctx.db, row.id);
    if (claimed) {
      triedToTakeOver = true;
      const settled = await resume(ctx, claimed);
      if (settled) return settled;
      await releaseLease(ctx, claimed.id);
    }
    await sleep(100);
    row = await findOrder(ctx.db, earlier.id);
  }
  if (row?.phase === 'DONE') return row;
  throw stillSettling();
}

/** Lets the recovery pass take an order over at once, instead of after the lease, when its driver gives up. */
export const releaseLease = (ctx: OrdersContext, orderId: number) => releaseOrderLease(ctx.db, orderId);

/** Carries an unsettled order on from where it is: forward while PENDING, backward while COMPENSATING. */
export async function resume(ctx: OrdersContext, order: OrderRow): Promise<OrderRow | null> {
  if (order.phase === 'PENDING') return drive(ctx, order);
  if (order.phase === 'COMPENSATING') return compensate(ctx, order);
  return order;
}

/** Runs the remote steps; the settled order, or null when a step had no answer and the saga must wait. */
async function drive(ctx: OrdersContext, pending: OrderRow, maxTotal?: number): Promise<OrderRow | null> {
  // Past the give-up age an unanswered step counts as refused, and the order is rejected with everything undone.
  const givingUp = Date.now() - pending.createdAt.getTime() > GIVE_UP_MS;
  const decided = (o: StepOutcome | null): StepOutcome | null => (o === 'unknown' && givingUp ? 'refused' : o);

  // The steps in order; each runs only when the one before it certainly happened.
  let order = pending;
  const outcomes: Partial<Record<StepName, StepOutcome>> = {};
  for (const name of STEP_ORDER) {
    const ran = await STEPS[name].run(ctx, order, maxTotal);
    order = ran.order;
    outcomes[name] = ran.outcome;
    if (decided(ran.outcome) !== 'done') break;
  }
  const stock = outcomes.stock!;
  const balance = outcomes.balance ?? null;
  const status = settledStatus(decided(stock)!, decided(balance));
  if (status === null) return null;
  return status === 'RECIBIDO' ? accept(ctx, order) : reject(ctx, order, status, stepsToUndo(stock, balance));
}

interface Step {
  /** Runs the step for the order (idempotent per order id); the order as it is after it, and what the step answered. */
  run(ctx: OrdersContext, order: OrderRow, maxTotal?: number): Promise<{ order: OrderRow; outcome: StepOutcome }>;
  /** Gives back what the step took for the order; true when it is certainly back (or was never taken). */
  undo(ctx: OrdersContext, order: Pick<OrderRow, 'id' | 'consumerId'>): Promise<boolean>;
}
type StepName = 'stock' | 'balance';

/**
 * The purchase's remote steps, each written next to its undo (Medusa's steps carry their compensation the same
 * way). Stock comes first, so a sold-out product never touches anyone's balance. What to undo after a refusal or a
 * crash is decided by stepsToUndo (domain/purchase.ts); the order row's phase keeps that decision durable.
 */
const STEPS: Record<StepName, Step> = {
  stock: {
    run: async (ctx, order, maxTotal) => {
      const reserved = await reserveAtOrderPrice(ctx, order, maxTotal);
      return { order: reserved.order, outcome: reserved.stock };
    },
    undo: (ctx, order) => ctx.marketplace.releaseStock(order.id),
  },
  balance: {
    run: async (ctx, order) => ({ order, outcome: await ctx.marketplace.debitBalance(order.id, order.consumerId, order.total) }),
    undo: (ctx, order) => ctx.marketplace.refundBalance(order.id, order.consumerId),
  },
};
const STEP_ORDER: StepName[] = ['stock', 'balance'];

/** How often one drive reprices an order whose price products refuses, before it leaves the order for later. */
const MAX_REPRICES = 3;

/**
 * Reserves the order's stock at the price the order records. When products says the product's price or discount is
 * no longer that one (the order was priced from a product read up to a second ago, or the seller has just changed
 * it), the PENDING order is repriced from the product as it is now and the reservation asked for again: the price an
 * order charges is always the product's price at the moment its stock was taken. A price above the total the buyer
 * accepted (`maxTotal`) is never charged: the order, which has taken nothing yet, is discarded and the buyer is
 * answered 409 with the price now.
 */
async function reserveAtOrderPrice(ctx: OrdersContext, order: OrderRow, maxTotal?: number): Promise<{ order: OrderRow; stock: StepOutcome }> {
  for (let reprices = 0; ; reprices++) {
    const stock = await ctx.marketplace.reserveStock(order);
    if (stock !== 'price_changed') return { order, stock };
    const repriced = reprices < MAX_REPRICES ? await repriceOrder(ctx, order, maxTotal) : undefined;
    if (!repriced) return { order, stock: 'unknown' };
    order = repriced;
  }
}

/** The PENDING order with the product's current price line; undefined when products cannot say or it is settled. */
async function repriceOrder(ctx: OrdersContext, order: OrderRow, maxTotal?: number): Promise<OrderRow | undefined> {
  const product = await ctx.marketplace.getProduct(order.productId, { fresh: true }).catch((e: unknown) => {
    if (e instanceof HttpError) return null;
    throw e;
  });
  if (!product) return undefined;
  const line = priceLine(product, order.quantity);
  if (maxTotal !== undefined && line.total > maxTotal) {
    if (await discardPendingOrder(ctx.db, order.id)) throw new PriceChanged(line);
    return undefined;
  }
  return repricePendingOrder(ctx.db, order.id, line);
}

/**
 * Stock reserved and money debited: the order becomes RECIBIDO, is scheduled, and announced. This is the hot path
 * of every purchase, so the conditional update and its outbox rows are one statement (acceptPendingOrder).
 */
async function accept(ctx: OrdersContext, order: OrderRow): Promise<OrderRow | null> {
  const now = new Date();
  const row: OrderRow = {
    ...order,
    phase: 'DONE',
    status: 'RECIBIDO',
    statusHistory: withStatus([], 'RECIBIDO', now),
    nextTransitionAt: nextTransitionAt('RECIBIDO', ctx.maxTimeToProgress, now),
    leaseUntil: null,
  };
  const sale = saleMessage(row, ctx.publicUrl);
  const messages = [orderMessage('ORDER_CREATED', row, ctx.publicUrl), ...(sale ? [sale] : [])].map((m) => outboxMessage(m, ctx.exchange));
  if (await acceptPendingOrder(ctx.db, { ...row, nextTransitionAt: row.nextTransitionAt! }, messages)) {
    ctx.metrics.created.inc({ status: 'RECIBIDO' });
    ctx.announce();
    return row;
  }
  // Another driver settled the order first. If it accepted it too, that is the answer; if it rejected it, the
  // stock and money this driver just took must go back.
  const current = await findOrder(ctx.db, order.id);
  if (!current) return null;
  if (isRejection(current.status)) await undoSteps(ctx, order);
  return current.phase === 'DONE' ? current : null;
}

/** A step was refused: record the outcome first, so a crash from here on is compensated, then undo. */
async function reject(ctx: OrdersContext, order: OrderRow, status: OrderStatus, undo: Undo): Promise<OrderRow | null> {
  const row = await markCompensating(ctx.db, order.id, status);
  if (row) return compensate(ctx, row, undo);
  const current = await findOrder(ctx.db, order.id);
  // Accepted by another driver meanwhile: the reservation and debit are that order's and must stay.
  if (!current || !isRejection(current.status)) return current?.phase === 'DONE' ? current : null;
  // Rejected by another driver: whatever this one took goes back too.
  if (current.phase === 'COMPENSATING') return compensate(ctx, current, ALL);
  await undoSteps(ctx, order, undo);
  return current;
}

/**
 * Gives back what the steps of a rejected order took, then settles it. After a crash nobody knows what the
 * crashed driver did, so recovery gives back both (each is a no-op when it never happened).
 */
async function compensate(ctx: OrdersContext, order: OrderRow, undo: Undo = ALL): Promise<OrderRow | null> {
  if (!(await undoSteps(ctx, order, undo))) return null;
  const status = order.status!;
  const mail = outboxMessage(await rejectionMail(ctx, order), ctx.exchange);
  const row = await settleCompensated(ctx.db, order.id, withStatus([], status, new Date()), mail);
  if (row) {
    ctx.metrics.created.inc({ status });
    ctx.announce();
    return row;
  }
  return (await findOrder(ctx.db, order.id)) ?? null;
}

/**
 * The buyer's ORDER_REJECTED e-mail: why, and what to do. After SIN_STOCK it says how many units are left, read
 * from products now (after this order's own reservation, if any, went back); null when products cannot say.
 */
async function rejectionMail(ctx: OrdersContext, order: OrderRow): Promise<EmailMessageInput> {
  const product = order.status === 'SIN_STOCK' ? await ctx.marketplace.getProduct(order.productId, { fresh: true }).catch(() => null) : null;
  const to = await recipientNow(ctx, order.consumerId, consumerOf(order));
  const stockLeft = product ? (product.published === false ? 0 : product.stock) : null;
  return rejectionMessage(order, stockLeft, ctx.publicUrl, to);
}

type Undo = ReturnType<typeof stepsToUndo>;
const ALL: Undo = { stock: true, balance: true };

/** Gives back what the remote steps took for this order; true when all of it is certainly back. */
export async function undoSteps(
  ctx: OrdersContext,
  order: Pick<OrderRow, 'id' | 'consumerId'>,
  undo: Undo = ALL,
): Promise<boolean> {
  const undone = await Promise.all(STEP_ORDER.map(async (name) => (undo[name] ? STEPS[name].undo(ctx, order) : true)));
  return undone.every(Boolean);
}
