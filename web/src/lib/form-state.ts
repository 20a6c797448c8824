import { ApiError } from './api/http';
import type { Dict } from './dictionaries';

/** What a form's server action answers: a message and the failing fields, plus the values to show again. */
export interface FormState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** A free-form result for forms that show one (e.g. the order placed). */
  result?: Record<string, string | number | null>;
}

/** Maps an API error to a form state: 400 details go beside their fields, anything else to the form's message. */
export function fromApiError(e: unknown, t: Dict, values?: Record<string, string>): FormState {
  if (e instanceof ApiError) {
    const fieldErrors: Record<string, string> = {};
    for (const d of e.details) fieldErrors[fieldKey(d.field)] = d.message;
    const message = e.status >= 500 ? t.errors.unexpected : e.message || t.errors.unexpected;
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
