import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MAX_INT_ID, MAX_PAGE_SIZE, PAGE_MAX } from '../limits.js';

// Shapes every service's HTTP API shares: errors, pages, ids, money.

/** What an order of a product costs now: the unit price, the seller's discount (%) and the total, in minor units. */
export const PriceQuote = Type.Object({
  unitPrice: Type.Integer(),
  discount: Type.Integer(),
  total: Type.Integer(),
  currency: Type.String(),
});
export type PriceQuote = Static<typeof PriceQuote>;
/**
 * One refused field. `code` is stable for clients to word in their own language: a schema keyword (`required`,
 * `format`, `maximum`, `minLength`…) or a service's own (`weak_password`), with `params` such as `limit`, `format`.
 */
export const ErrorDetail = Type.Object({
  field: Type.String(),
  message: Type.String(),
  code: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type ErrorDetail = Static<typeof ErrorDetail>;
/**
 * The error body of every service (the OAuth endpoints answer RFC 6749's instead, see OAuthErrorBody). `error` is
 * a stable code (PERSON_ERROR_CODES lists those a page can meet) and `params` the values a client needs to word it.
 */
export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  details: Type.Optional(Type.Array(ErrorDetail)),
  /** With 409 `price_changed` on a purchase: the price now, for the buyer to confirm. */
  price: Type.Optional(PriceQuote),
});
export type ErrorBody = Static<typeof ErrorBody>;

/** A string from a fixed list as one `enum` keyword: one clear error instead of a union's several. */
export const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description && { description }) });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Id = Type.Integer({ minimum: 1, maximum: MAX_INT_ID });
export const IdParam = Type.Object({ id: Id });

export const Pagination = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })),
});
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), page: Type.Integer(), pageSize: Type.Integer(), total: Type.Integer() });
export interface PageOf<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
export const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });
export type Money = Static<typeof Money>;
export const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
export type Named = Static<typeof Named>;
export const Rating = Type.Object({ average: Type.Number(), count: Type.Integer() });
export type Rating = Static<typeof Rating>;

/**
 * The optional Idempotency-Key of a request that must not act twice (a purchase, a top-up, a new product): 1-100
 * printable ASCII.
 */
export const IdempotencyKeyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' })),
});
/** An answer without a body (204). */
export const NoContent = Type.Null();
/** A 200 answer with an empty body (RFC 7009's revocation). */
export const Empty = Type.Unsafe<undefined>({ description: 'empty body' });
