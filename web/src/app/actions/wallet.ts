'use server';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { ApiError } from '@/lib/api/http';
import { requestPasswordReset, resetPassword, withdraw } from '@/lib/api/users';
import { fromApiError, str, type FormState } from '@/lib/form-state';
import { formatMoney } from '@/lib/format';
import { fmt, getDict } from '@/lib/i18n';
import { personAddress } from '@/lib/tokens';

export async function withdrawFunds(_prev: FormState, fd: FormData): Promise<FormState> {
  const { t, locale } = await getDict();
  const amount = Math.round(Number(str(fd, 'amount').replace(',', '.')) * 100);
  if (!Number.isFinite(amount) || amount <= 0) return { ok: false, fieldErrors: { amount: t.wallet.badAmount } };
  try {
    const made = await withdraw(amount, str(fd, 'idempotencyKey') || undefined);
    revalidatePath('/', 'layout');
    return {
      ok: true,
      message: fmt(t.wallet.withdrawn, { amount: formatMoney(made.amount, made.balance.currency, locale), bank: made.bank.name }),
    };
  } catch (e) {
    // insufficient_funds says how much is missing, no_bank where to name one: both worded from their codes
    return fromApiError(e, { t, locale }, { amount: str(fd, 'amount') }, { fields: ['amount'], currency: 'ARS' });
  }
}

export async function forgotPassword(_prev: FormState, fd: FormData): Promise<FormState> {
  const dict = await getDict();
  const { t } = dict;
  const login = str(fd, 'login');
  if (!login) return { ok: false, fieldErrors: { login: t.login.required } };
  try {
    await requestPasswordReset(login, personAddress((await headers()).get('x-forwarded-for')));
    return { ok: true, message: t.reset.sent };
  } catch (e) {
    return fromApiError(e, dict, { login });
  }
}

export async function setNewPassword(_prev: FormState, fd: FormData): Promise<FormState> {
  const dict = await getDict();
  const { t } = dict;
  const raw = (k: string) => (fd.get(k) as string | null) ?? '';
  if (!raw('newPassword')) return { ok: false, fieldErrors: { newPassword: t.login.required } };
  if (raw('newPassword') !== raw('confirmPassword')) return { ok: false, fieldErrors: { confirmPassword: t.profile.mismatch } };
  try {
    await resetPassword(raw('token'), raw('newPassword'));
    return { ok: true, message: t.reset.done };
  } catch (e) {
    const state = fromApiError(e, dict);
    return e instanceof ApiError && e.code === 'invalid_token' ? { ...state, message: t.reset.invalid } : state;
  }
}
