// The refusals a person can meet through a page, by the stable `error` code of their ErrorBody (docs/design.md §1).
// Clients word each one in the person's language from the code and its `params`; the `message` is English for people
// reading the API and is never shown in a page. Money params are minor units, with the `currency` beside them.

export const PERSON_ERROR_CODES = [
  // any service
  'unauthorized', // the session ended
  'forbidden',
  'not_found',
  'validation_failed', // with details, each with its own code
  'bad_request',
  'invalid_input', // a value the store cannot keep (a NUL character, say)
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited', // params: seconds (when known)
  'idempotency_key_reused', // the same key was sent with other values
  'internal_error',
  'unavailable',
  'service_unavailable', // the typed client's own: nothing answered
  // products
  'product_not_found',
  'image_not_found',
  'not_owner', // a product of another seller
  'too_many_images', // params: limit (images per product), left (room this product had)
  'invalid_image', // a known image header over bytes no decoder reads
  'image_too_large', // params: limit (bytes)
  // orders
  'account_not_found',
  'price_changed', // params: total, currency (and the body's `price`)
  'purchase_pending', // 503: the purchase will be completed or undone shortly
  'order_not_found',
  'not_your_order', // only the order's buyer may cancel or review it
  'order_not_cancellable', // params: status
  'already_reviewed',
  'order_not_delivered', // params: status
  // users
  'username_taken',
  'wrong_password',
  'invalid_token',
  'insufficient_funds', // params: missing, balance, currency
  'no_bank',
  'balance_limit', // params: limit, currency
] as const;
export type PersonErrorCode = (typeof PERSON_ERROR_CODES)[number];

/**
 * The services' own codes on a detail, beside the schema keywords (`required`, `maximum`, `format`…) that name a
 * refused field. Params as in PERSON_ERROR_CODES.
 */
export const DETAIL_CODES = [
  'weak_password',
  'unknown_country',
  'consumers_only',
  'wrong_password',
  'invalid_token', // a password-reset link used, expired or never made
  'date_range', // `from` after `to`
  'price_range', // minPrice above maxPrice
  'features_required', // neither a text nor a row
  'image_order', // a reorder that does not name each image once
  'image_slots', // images that do not name each new file once, or an image twice
  'color_not_offered', // params: colors (the offered ones, comma-separated)
  'unexpected_part', // a multipart part the endpoint does not take
  'unsupported_media_type',
  'invalid_image',
  'image_too_large',
  'too_many_images',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];
