import type { ErrorBody, ErrorDetail } from '@marketshare/contracts';

export type { ErrorDetail } from '@marketshare/contracts';
export type ErrorParams = Record<string, string | number>;

/** An error that becomes the API's error body (docs/design.md §1) with its status code. */
export class HttpError extends Error {
  /** The values a client needs to word the code in a person's language (a status, an amount in minor units). */
  params?: ErrorParams;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
  withParams(params: ErrorParams): this {
    this.params = params;
    return this;
  }
  toBody(): ErrorBody {
    return {
      error: this.code,
      message: this.message,
      ...(this.params && { params: this.params }),
      ...(this.details && { details: this.details }),
    };
  }
}

export const badRequest = (message: string, details?: ErrorDetail[], code = 'validation_failed') =>
  new HttpError(400, code, message, details);
export const unauthorized = (message = 'Authentication required') =>
  new HttpError(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer' });
export const forbidden = (message = 'You are not allowed to do this', code = 'forbidden') => new HttpError(403, code, message);
/** 404 with the code a client words: `product_not_found` rather than the bare `not_found` when a page can meet it. */
export const notFound = (what = 'Resource', code = 'not_found') => new HttpError(404, code, `${what} not found`);
export const conflict = (message: string, code = 'conflict') => new HttpError(409, code, message);
export const unprocessable = (message: string, code = 'unprocessable') => new HttpError(422, code, message);
export const unavailable = (message: string) => new HttpError(503, 'unavailable', message);
