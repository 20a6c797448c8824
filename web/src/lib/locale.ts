// The language a page is rendered in. Pure, so the proxy's guest page cache and the pages agree on it.
export type Locale = 'en' | 'es';

/** The language cookie when it names one we have, else the browser's first preference, else Spanish (the original's). */
export function chooseLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (cookie === 'en' || cookie === 'es') return cookie;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return first === 'en' ? 'en' : 'es';
}
