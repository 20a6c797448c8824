import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { LANG_COOKIE } from './tokens';
import { en, es, type Dict } from './dictionaries';

export type Locale = 'en' | 'es';
export type { Dict };

/** The chosen language: the cookie if set, else the browser's preference, else Spanish (the original's language). */
export const getLocale = cache(async (): Promise<Locale> => {
  const chosen = (await cookies()).get(LANG_COOKIE)?.value;
  if (chosen === 'en' || chosen === 'es') return chosen;
  const accept = (await headers()).get('accept-language') ?? '';
  const first = accept.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return first === 'en' ? 'en' : 'es';
});

export async function getDict(): Promise<{ t: Dict; locale: Locale }> {
  const locale = await getLocale();
  return { t: locale === 'es' ? es : en, locale };
}

/** Replaces {name} placeholders. */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}
