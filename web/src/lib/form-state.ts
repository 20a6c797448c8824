import type { ErrorBody } from '@marketshare/contracts';
import { ApiError } from './api/http';
import type { Dict } from './dictionaries';
import type { Locale } from './i18n';
import { detailText, refusalText, type MoneyFields } from './refusals';

export type { MoneyFields } from './refusals';

/** What a form's server action answers: a message and the failing fields, plus the values to show again. */
export interface FormState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** A free-form result for forms that show one (e.g. the order placed). */
  result?: Record<string, string | number | null>;
}

/** Maps an API error to a form state: 400 details go beside their fields, the refusal itself to the form's message. */
export function fromApiError(
  e: unknown,
  { t, locale }: { t: Dict; locale: Locale },
  values?: Record<string, string>,
  money?: MoneyFields,
): FormState {
  if (e instanceof ApiError) {
    const fieldErrors: Record<string, string> = {};
    for (const d of e.details) {
      const key = fieldKey(d.field);
      fieldErrors[key] = detailText(d, t, locale, money?.fields.includes(key) ? money : undefined);
    }
    // a refusal with details is worded beside its fields; any other from its code, never in the service's English
    const params = (e.body as Partial<ErrorBody> | undefined)?.params;
    const message = e.details.length && e.status < 500 ? t.form.fixErrors : refusalText(e.code, params, t, locale, e.status);
    return { ok: false, message, fieldErrors, values };
  }
  console.error(e);
  return { ok: false, message: t.errors.unexpected, values };
}

/** Detail fields may be JSON pointers or dotted paths ("/features/rows/0/value", "body.price"): keep the form's key. */
function fieldKey(field: string): string {
  const parts = field.replace(/^\/?(body[./])?/, '').split(/[./]/).filter(Boolean);
  return parts.join('.') || field;
}

export const str = (fd: FormData, k: string) => {
  const v = fd.get(k);
  return typeof v === 'string' ? v.trim() : '';
};
