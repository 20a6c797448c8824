import { Type, type Static } from '@sinclair/typebox';

// E-mail messages on the `emails` exchange (docs/design.md §4, docs/internals.md).
export const EXCHANGE_EMAILS = 'emails';
export const MESSAGE_TYPES = [
  'ACCOUNT_NEW',
  'ACCOUNT_CHANGED',
  'ORDER_CREATED',
  'ORDER_REJECTED',
  'ORDER_DELIVERED',
  'ORDER_CANCELLED',
  'SALE_NEW',
  'SALE_CANCELLED',
  'SALE_DELIVERED',
  'REVIEW_NEW',
  'WITHDRAWAL_MADE',
  'PASSWORD_RESET',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const Recipient = Type.Object({ email: Type.String({ minLength: 3 }), name: Type.String({ minLength: 1 }) });
const Base = {
  messageId: Type.String({ minLength: 8 }),
  occurredAt: Type.String({ format: 'date-time' }),
  locale: Type.Union([Type.Literal('en'), Type.Literal('es')]),
  to: Recipient,
};
export const OrderDetails = Type.Object({
  id: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  color: Type.Union([Type.String(), Type.Null()]),
  unitPrice: Type.Integer(),
  discount: Type.Integer(),
  total: Type.Integer(),
  currency: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
});
export type OrderDetails = Static<typeof OrderDetails>;

export const AccountNewMessage = Type.Object({
  ...Base,
  type: Type.Literal('ACCOUNT_NEW'),
  accountType: Type.Union([Type.Literal('consumer'), Type.Literal('seller')]),
  loginUrl: Type.String(),
});
export const AccountChangedMessage = Type.Object({
  ...Base,
  type: Type.Literal('ACCOUNT_CHANGED'),
  changes: Type.Array(Type.String()),
  profileUrl: Type.String(),
});
export const OrderCreatedMessage = Type.Object({
  ...Base,
  type: Type.Literal('ORDER_CREATED'),
  order: OrderDetails,
  orderUrl: Type.String(),
  cancelUrl: Type.String(),
});
/** To the buyer: the purchase was refused (RECHAZADO: the balance was short; SIN_STOCK: the stock was) and nothing charged. */
export const OrderRejectedMessage = Type.Object({
  ...Base,
  type: Type.Literal('ORDER_REJECTED'),
  order: OrderDetails,
  orderUrl: Type.String(),
  /** Where the buyer adds funds (what to do after RECHAZADO). */
  fundsUrl: Type.String(),
  /** The product, to buy again with fewer units (what to do after SIN_STOCK). */
  productUrl: Type.String(),
  /** Units the product had left when the order was refused; null when products could not say. */
  stockLeft: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});
export const OrderDeliveredMessage = Type.Object({
  ...Base,
  type: Type.Literal('ORDER_DELIVERED'),
  order: OrderDetails,
  orderUrl: Type.String(),
  reviewUrl: Type.String(),
  /** The order's printable receipt (optional only so messages queued before it existed still parse). */
  receiptUrl: Type.Optional(Type.String()),
});
export const OrderCancelledMessage = Type.Object({
  ...Base,
  type: Type.Literal('ORDER_CANCELLED'),
  order: OrderDetails,
  orderUrl: Type.String(),
});
/** To the seller: one of their products was bought (the order is RECIBIDO, paid and its stock reserved). */
export const SaleNewMessage = Type.Object({
  ...Base,
  type: Type.Literal('SALE_NEW'),
  order: OrderDetails,
  buyerOrganization: Type.String(),
  /** The seller's view of the sale. */
  saleUrl: Type.String(),
});
/** To the seller: the buyer cancelled one of their sales; the units are back in stock. */
export const SaleCancelledMessage = Type.Object({
  ...Base,
  type: Type.Literal('SALE_CANCELLED'),
  order: OrderDetails,
  buyerOrganization: Type.String(),
  saleUrl: Type.String(),
});
/** To the seller: one of their sales was delivered and its proceeds credited, as the ledger credited them. */
export const SaleDeliveredMessage = Type.Object({
  ...Base,
  type: Type.Literal('SALE_DELIVERED'),
  order: OrderDetails,
  buyerOrganization: Type.String(),
  /** What users' settlement answered: the seller's part and the marketplace's fee, in the order's currency. */
  settlement: Type.Object({ proceeds: Type.Integer(), fee: Type.Integer(), balance: Type.Integer() }),
  saleUrl: Type.String(),
  statementUrl: Type.String(),
});
/** To the seller: a buyer reviewed one of their products. */
export const ReviewNewMessage = Type.Object({
  ...Base,
  type: Type.Literal('REVIEW_NEW'),
  review: Type.Object({
    id: Type.Integer(),
    /** 0 to 5 in halves. */
    rating: Type.Number(),
    title: Type.String(),
    summary: Type.String(),
    /** The reviewing buyer's organization (or name). */
    reviewer: Type.String(),
  }),
  order: OrderDetails,
  /** The product's page, at its reviews. */
  productUrl: Type.String(),
  saleUrl: Type.String(),
});
export const WithdrawalMadeMessage = Type.Object({
  ...Base,
  type: Type.Literal('WITHDRAWAL_MADE'),
  withdrawal: Type.Object({
    id: Type.Integer(),
    amount: Type.Integer(),
    currency: Type.String(),
    bank: Type.String(),
    balanceAfter: Type.Integer(),
  }),
  statementUrl: Type.String(),
});
export const PasswordResetMessage = Type.Object({
  ...Base,
  type: Type.Literal('PASSWORD_RESET'),
  resetUrl: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export const EmailMessage = Type.Union([
  AccountNewMessage,
  AccountChangedMessage,
  OrderCreatedMessage,
  OrderRejectedMessage,
  OrderDeliveredMessage,
  OrderCancelledMessage,
  SaleNewMessage,
  SaleCancelledMessage,
  SaleDeliveredMessage,
  ReviewNewMessage,
  WithdrawalMadeMessage,
  PasswordResetMessage,
]);
export type EmailMessage = Static<typeof EmailMessage>;
export type AccountNewMessage = Static<typeof AccountNewMessage>;
export type AccountChangedMessage = Static<typeof AccountChangedMessage>;
export type OrderCreatedMessage = Static<typeof OrderCreatedMessage>;
export type OrderRejectedMessage = Static<typeof OrderRejectedMessage>;
export type SaleCancelledMessage = Static<typeof SaleCancelledMessage>;
export type SaleDeliveredMessage = Static<typeof SaleDeliveredMessage>;
export type ReviewNewMessage = Static<typeof ReviewNewMessage>;
export type OrderDeliveredMessage = Static<typeof OrderDeliveredMessage>;
export type OrderCancelledMessage = Static<typeof OrderCancelledMessage>;
export type SaleNewMessage = Static<typeof SaleNewMessage>;
export type WithdrawalMadeMessage = Static<typeof WithdrawalMadeMessage>;
export type PasswordResetMessage = Static<typeof PasswordResetMessage>;
/** What a producer supplies; the outbox adds messageId and occurredAt. */
export type EmailMessageInput = EmailMessage extends infer M ? (M extends EmailMessage ? Omit<M, 'messageId' | 'occurredAt'> : never) : never;
