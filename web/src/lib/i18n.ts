import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { LANG_COOKIE } from './tokens';
import { en, es, type Dict } from './dictionaries';
import { chooseLocale, type Locale } from './locale';

export type { Dict, Locale };

/** The chosen language (see chooseLocale). */
export const getLocale = cache(async (): Promise<Locale> =>
  chooseLocale((await cookies()).get(LANG_COOKIE)?.value, (await headers()).get('accept-language')),
);

export async function getDict(): Promise<{ t: Dict; locale: Locale }> {
  const locale = await getLocale();
  return { t: locale === 'es' ? es : en, locale };
}

export { fmt } from './template';
