import {
  ORDER_STATUS_LABELS,
  type DetailCode,
  type ErrorDetail,
  type OrderStatus,
  type PersonErrorCode,
} from '@marketshare/contracts';
import type { Dict } from './dictionaries';
import { formatMegabytes, formatMoney } from './format';
import type { Locale } from './locale';
import { fmt } from './template';

// A service's refusal in the person's language, from its stable code and params (docs/design.md §1). The service's
// `message` is English for people reading the API: it is never shown, and a code we do not know gets a generic text.

type Params = Record<string, string | number> | undefined;

/** Params of a code that are money in minor units, with `currency` beside them. */
const MONEY_PARAMS: Partial<Record<string, readonly string[]>> = {
  insufficient_funds: ['missing', 'balance'],
  balance_limit: ['limit'],
  price_changed: ['total'],
};

/** The params as a person reads them: money as money, a size in megabytes, an order status by its label. */
function shown(code: string, params: Params, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (typeof v === 'number' && MONEY_PARAMS[code]?.includes(k)) out[k] = formatMoney(v, String(params?.currency ?? 'ARS'), locale);
    else if (typeof v === 'number' && code === 'image_too_large' && k === 'limit') out[k] = formatMegabytes(v, locale);
    else if (k === 'status') out[k] = ORDER_STATUS_LABELS[v as OrderStatus]?.[locale] ?? String(v);
    else out[k] = v;
  }
  return out;
}

const isRefusal = (t: Dict, code: string): code is PersonErrorCode => Object.hasOwn(t.refusals, code) && typeof t.refusals[code as PersonErrorCode] === 'string';

/** A refusal's text: its code's, with its params filled in; a code we do not know, the generic one. */
export function refusalText(code: string, params: Params, t: Dict, locale: Locale, status = 400): string {
  // every code a page can meet has its text in both dictionaries: this fails to compile when one is missing
  const texts: Record<PersonErrorCode, string> = t.refusals;
  if (code === 'rate_limited' && typeof params?.seconds === 'number') return fmt(t.refusals.rateLimitedFor, { seconds: params.seconds });
  if (isRefusal(t, code)) return fmt(texts[code], shown(code, params, locale));
  return status >= 500 ? t.refusals.internal_error : t.refusals.refused;
}

/** Money fields of a form, whose limits (`maximum` on an amount) are shown as money. */
export interface MoneyFields { fields: string[]; currency: string }

const KEYWORD_TEXTS = {
  required: 'required', maximum: 'maximum', exclusiveMaximum: 'maximum', minimum: 'minimum', exclusiveMinimum: 'minimum',
  maxLength: 'maxLength', minLength: 'minLength', pattern: 'pattern', additionalProperties: 'notAllowed',
  type: 'invalid', enum: 'invalid', const: 'invalid',
} as const satisfies Record<string, keyof Dict['validation']>;

/** The services' own detail codes; this fails to compile when one has no text. */
const DETAIL_TEXTS: Record<DetailCode, (t: Dict) => string> = {
  weak_password: (t) => t.validation.weakPassword,
  unknown_country: (t) => t.validation.unknownCountry,
  consumers_only: (t) => t.refusals.fields.consumers_only,
  wrong_password: (t) => t.refusals.wrong_password,
  invalid_token: (t) => t.refusals.invalid_token,
  date_range: (t) => t.refusals.fields.date_range,
  price_range: (t) => t.refusals.fields.price_range,
  features_required: (t) => t.refusals.fields.features_required,
  image_order: (t) => t.refusals.fields.image_order,
  image_slots: (t) => t.refusals.fields.image_slots,
  color_not_offered: (t) => t.refusals.fields.color_not_offered,
  unexpected_part: (t) => t.refusals.fields.unexpected_part,
  unsupported_media_type: (t) => t.refusals.unsupported_media_type,
  invalid_image: (t) => t.refusals.invalid_image,
  image_too_large: (t) => t.refusals.image_too_large,
  too_many_images: (t) => t.refusals.too_many_images,
};

/** A refused field's text, from its code and params; never the service's own words. */
export function detailText(d: ErrorDetail, t: Dict, locale: Locale, money?: MoneyFields): string {
  const code = d.code ?? '';
  if (code === 'format') return d.params?.format === 'email' ? t.validation.email : t.validation.format;
  if (Object.hasOwn(KEYWORD_TEXTS, code)) {
    const limit = d.params?.limit;
    const shownLimit = typeof limit === 'number' && money ? formatMoney(limit, money.currency, locale) : String(limit ?? '');
    return fmt(t.validation[KEYWORD_TEXTS[code as keyof typeof KEYWORD_TEXTS]], { limit: shownLimit });
  }
  if (Object.hasOwn(DETAIL_TEXTS, code)) return fmt(DETAIL_TEXTS[code as DetailCode](t), shown(code, d.params, locale));
  return t.validation.invalid;
}
