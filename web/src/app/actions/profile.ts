'use server';
import { revalidatePath } from 'next/cache';
import { cookies } from 'next/headers';
import { addFunds, changePassword, updateMe } from '@/lib/api/users';
import { fromApiError, str, type FormState } from '@/lib/form-state';
import { formatMoney } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { LANG_COOKIE, langCookieOptions } from '@/lib/tokens';

export async function saveProfile(_prev: FormState, fd: FormData): Promise<FormState> {
  const dict = await getDict();
  const { t } = dict;
  const patch: Record<string, string> = {};
  for (const k of ['email', 'country', 'organization', 'bank', 'locale']) if (str(fd, k)) patch[k] = str(fd, k);
  try {
    const user = await updateMe(patch);
    // The preferred language also becomes the page's language.
    if (user.locale) (await cookies()).set(LANG_COOKIE, user.locale, langCookieOptions());
    revalidatePath('/profile', 'layout');
    return { ok: true, message: t.profile.saved };
  } catch (e) {
    return fromApiError(e, dict, patch);
  }
}

export async function savePassword(_prev: FormState, fd: FormData): Promise<FormState> {
  const dict = await getDict();
  const { t } = dict;
  const raw = (k: string) => (fd.get(k) as string | null) ?? '';
  const fieldErrors: Record<string, string> = {};
  if (!raw('currentPassword')) fieldErrors.currentPassword = t.login.required;
  if (!raw('newPassword')) fieldErrors.newPassword = t.login.required;
  if (raw('newPassword') !== raw('confirmPassword')) fieldErrors.confirmPassword = t.profile.mismatch;
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  try {
    await changePassword(raw('currentPassword'), raw('newPassword'));
    return { ok: true, message: t.profile.passwordChanged };
  } catch (e) {
    return fromApiError(e, dict);
  }
}

export async function topUp(_prev: FormState, fd: FormData): Promise<FormState> {
  const { t, locale } = await getDict();
  const pesos = Number(str(fd, 'amount').replace(',', '.'));
  const amount = Math.round(pesos * 100);
  if (!Number.isFinite(amount) || amount <= 0) return { ok: false, fieldErrors: { amount: t.profile.noFunds } };
  try {
    const user = await addFunds(amount, str(fd, 'idempotencyKey') || undefined);
    revalidatePath('/', 'layout');
    const balance = user.balance ? formatMoney(user.balance.amount, user.balance.currency, locale) : '';
    return { ok: true, message: fmt(t.profile.fundsAdded, { amount: balance }) };
  } catch (e) {
    return fromApiError(e, { t, locale }, { amount: str(fd, 'amount') }, { fields: ['amount'], currency: 'ARS' });
  }
}
