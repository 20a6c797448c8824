'use client';
import { useActionState, useState, type ReactNode } from 'react';
import { saveProfile, savePassword, topUp } from '@/app/actions/profile';
import type { FormState } from '@/lib/form-state';
import { Field, FormMessage, invalidProps } from './field';

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;
type Option = { value: string; label: string };

/** A form bound to a server action, with its message above and its errors handed to the fields. */
function ActionForm({ action, submit, children }: {
  action: Action; submit: string; children: (s: FormState) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction} noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      {children(state)}
      <button className="btn" type="submit" disabled={pending}>{submit}</button>
    </form>
  );
}

export function FundsForm({ balance, currency, bank, locale, labels }: {
  balance: number; currency: string; bank: string; locale: 'en' | 'es';
  labels: { balance: string; amount: string; fundsFrom: string; fundsAdd: string; final: string };
}) {
  const [added, setAdded] = useState('');
  const money = new Intl.NumberFormat(locale === 'es' ? 'es-AR' : 'en-AR', { style: 'currency', currency });
  const addedMinor = Math.max(0, Math.round(Number(added.replace(',', '.')) * 100) || 0);
  return (
    <ActionForm action={topUp} submit={labels.fundsAdd}>
      {(s) => (
        <>
          <p>{labels.balance}: <strong>{money.format(balance / 100)}</strong></p>
          <Field id="amount" label={labels.amount} inputMode="decimal" value={added} onChange={(e) => setAdded(e.target.value)}
            error={s.fieldErrors?.amount} hint={labels.fundsFrom.replace('{bank}', bank)} />
          <p aria-live="polite">{labels.final}: <strong>{money.format((balance + addedMinor) / 100)}</strong></p>
        </>
      )}
    </ActionForm>
  );
}

export function ProfileForm({ initial, countries, withBank, labels }: {
  initial: { email: string; country: string; organization: string; bank: string; locale: string };
  countries: Option[]; withBank: boolean;
  labels: { email: string; country: string; organization: string; bank: string; language: string; save: string };
}) {
  return (
    <ActionForm action={saveProfile} submit={labels.save}>
      {(s) => {
        const e = s.fieldErrors ?? {};
        return (
          <>
            <Field id="email" label={labels.email} type="email" autoComplete="email" defaultValue={initial.email} error={e.email} />
            <Field id="profile-country" label={labels.country} error={e.country}>
              <select name="country" defaultValue={initial.country} {...invalidProps('profile-country', e.country)}>
                {countries.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </select>
            </Field>
            <Field id="organization" label={labels.organization} defaultValue={initial.organization} error={e.organization} maxLength={100} />
            {withBank && <Field id="bank" label={labels.bank} defaultValue={initial.bank} error={e.bank} maxLength={100} />}
            <Field id="profile-locale" label={labels.language} error={e.locale}>
              <select name="locale" defaultValue={initial.locale} {...invalidProps('profile-locale', e.locale)}>
                <option value="es">Español</option>
                <option value="en">English</option>
              </select>
            </Field>
          </>
        );
      }}
    </ActionForm>
  );
}

export function PasswordForm({ labels }: {
  labels: { currentPassword: string; newPassword: string; confirmPassword: string; changePassword: string };
}) {
  return (
    <ActionForm action={savePassword} submit={labels.changePassword}>
      {(s) => (
        <>
          <Field id="currentPassword" label={labels.currentPassword} type="password" autoComplete="current-password" error={s.fieldErrors?.currentPassword} />
          <Field id="newPassword" label={labels.newPassword} type="password" autoComplete="new-password" error={s.fieldErrors?.newPassword} />
          <Field id="confirmPassword" label={labels.confirmPassword} type="password" autoComplete="new-password" error={s.fieldErrors?.confirmPassword} />
        </>
      )}
    </ActionForm>
  );
}
