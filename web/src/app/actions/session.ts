'use server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDict } from '@/lib/i18n';
import { str, type FormState } from '@/lib/form-state';
import { safeNext } from '@/lib/safe-next';
import {
  ACCESS_COOKIE, LANG_COOKIE, REFRESH_COOKIE, langCookieOptions, passwordGrant, revokeToken, tokenCookieOptions, type TokenSet,
} from '@/lib/tokens';

export async function storeTokens(tokens: TokenSet) {
  const jar = await cookies();
  jar.set(ACCESS_COOKIE, tokens.access_token, tokenCookieOptions());
  jar.set(REFRESH_COOKIE, tokens.refresh_token, tokenCookieOptions());
}


export async function login(_prev: FormState, fd: FormData): Promise<FormState> {
  const { t } = await getDict();
  const username = str(fd, 'username');
  const password = typeof fd.get('password') === 'string' ? (fd.get('password') as string) : '';
  const values = { username };
  const fieldErrors: Record<string, string> = {};
  if (!username) fieldErrors.username = t.login.required;
  if (!password) fieldErrors.password = t.login.required;
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors, values };

  const result = await passwordGrant(username, password);
  if (!result.ok) {
    if (result.kind === 'unavailable') return { ok: false, message: t.login.serverError, values };
    if (result.status === 429) return { ok: false, message: t.login.tooMany, values };
    return { ok: false, message: t.login.badCredentials, values };
  }
  await storeTokens(result.tokens);
  redirect(safeNext(str(fd, 'next')));
}

export async function logout() {
  const jar = await cookies();
  const refresh = jar.get(REFRESH_COOKIE)?.value;
  if (refresh) await revokeToken(refresh);
  jar.delete(ACCESS_COOKIE);
  jar.delete(REFRESH_COOKIE);
  redirect('/login?notice=signedOut');
}

export async function setLanguage(fd: FormData) {
  const lang = str(fd, 'lang') === 'en' ? 'en' : 'es';
  // Setting a cookie in an action re-renders the current page, so no redirect is needed.
  (await cookies()).set(LANG_COOKIE, lang, langCookieOptions());
}
