import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Shared HTTP shapes (docs/design.md §1, docs/internals.md).
export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const MAX_PAGE_SIZE = 100;
export const PAGE_MAX = 100000;
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
export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
/** The optional Idempotency-Key of a request that moves money (a purchase, a top-up): 1-100 printable ASCII. */
export const IdempotencyKeyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' })),
});
