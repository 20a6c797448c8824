'use server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { ApiError } from '@/lib/api/http';
import { registerUser } from '@/lib/api/users';
import { fromApiError, str, type FormState } from '@/lib/form-state';
import { getDict } from '@/lib/i18n';
import { passwordGrant, personAddress } from '@/lib/tokens';
import { storeTokens } from './session';

/** Creates the account, then signs in with it: the original's flow, without its "Usuario creado" on failure. */
export async function register(_prev: FormState, fd: FormData): Promise<FormState> {
  const { t, locale } = await getDict();
  const role = str(fd, 'role') === 'consumer' ? 'consumer' : 'seller';
  // The organization is the account's own, named here; the bank comes from a list or, "not listed", from free text.
  const organization = str(fd, 'organization');
  const bank = str(fd, 'bankNew') || str(fd, 'bank');
  const password = (fd.get('password') as string | null) ?? '';
  const values = {
    username: str(fd, 'username'), email: str(fd, 'email'), country: str(fd, 'country'), role,
    organization, bank: str(fd, 'bank'), bankNew: str(fd, 'bankNew'),
  };
  const fieldErrors: Record<string, string> = {};
  for (const k of ['username', 'email', 'country'] as const) if (!values[k]) fieldErrors[k] = t.login.required;
  if (!password) fieldErrors.password = t.login.required;
  if (!organization) fieldErrors.organization = t.login.required;
  if (role === 'consumer' && !bank) fieldErrors[str(fd, 'bankMode') === 'new' ? 'bankNew' : 'bank'] = t.login.required;
  if (Object.keys(fieldErrors).length) return { ok: false, message: t.form.fixErrors, fieldErrors, values };

  try {
    await registerUser(
      {
        username: values.username, password, email: values.email, role, country: values.country, organization,
        ...(role === 'consumer' ? { bank } : {}), locale,
      },
      personAddress((await headers()).get('x-forwarded-for')),
    );
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) return { ok: false, fieldErrors: { username: t.register.taken }, values };
    const state = fromApiError(e, { t, locale }, values);
    // The API names the chosen value's field; show it beside whichever input the person used.
    if (state.fieldErrors?.bank && values.bankNew) state.fieldErrors.bankNew = state.fieldErrors.bank;
    return state;
  }
  const grant = await passwordGrant(values.username, password);
  if (!grant.ok) redirect('/login?notice=loginRequired');
  await storeTokens(grant.tokens);
  redirect('/');
}
