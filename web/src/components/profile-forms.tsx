'use client';
import { useActionState, useEffect, useRef, useState, type ReactNode } from 'react';
import { saveProfile, savePassword, topUp } from '@/app/actions/profile';
import type { FormState } from '@/lib/form-state';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { FormErrorSummary, submitKeepingValues, useLiveErrors } from './error-summary';
import { Field, FormMessage, invalidProps } from './field';

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;
type Option = { value: string; label: string };

/**
 * A form bound to a server action, with its message above and its errors handed to the fields. A refused form keeps
 * what was typed (errors go as their fields are fixed, a summary takes the focus); an accepted one is reset.
 */
export function ActionForm({ action, submit, onSuccess, fieldLabels, children }: {
  action: Action; submit: string; onSuccess?: () => void;
  /** Each field's label, by error key, for the error summary's links. */
  fieldLabels?: Record<string, string>;
  children: (s: FormState) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  const { errors, onChange } = useLiveErrors(state);
  const form = useRef<HTMLFormElement>(null);
  // once per answer, not on every render
  useEffect(() => {
    if (!state.ok) return;
    form.current?.reset();
    onSuccess?.();
  }, [state]);
  return (
    <form ref={form} action={formAction} onSubmit={submitKeepingValues(formAction)} onChange={onChange} noValidate>
      {state.ok ? <FormMessage ok message={state.message} /> : <FormErrorSummary state={state} errors={errors} labels={fieldLabels} />}
      {children({ ...state, fieldErrors: errors })}
      <button className="btn" type="submit" disabled={pending}>{submit}</button>
    </form>
  );
}

export function FundsForm({ balance, currency, bank, locale, idempotencyKey, labels }: {
  balance: number; currency: string; bank: string; locale: 'en' | 'es';
  /** Made by the page's render, so the server's HTML and the hydrated form hold the same one. */
  idempotencyKey: string;
  labels: { balance: string; amount: string; fundsFrom: string; fundsAdd: string; final: string };
}) {
  const [added, setAdded] = useState('');
  // One key per top-up the person means: a double submit or a retry after a failure sends it again and the
  // balance is credited once; a credit that went through, or another amount, is a new top-up with a new key.
  const [key, setKey] = useState(idempotencyKey);
  const money = new Intl.NumberFormat(locale === 'es' ? 'es-AR' : 'en-AR', { style: 'currency', currency });
  const addedMinor = Math.max(0, Math.round(Number(added.replace(',', '.')) * 100) || 0);
  return (
    // after a top-up the amount is spent: the field empties, so the final balance is not the new balance plus it again
    <ActionForm action={topUp} submit={labels.fundsAdd} fieldLabels={{ amount: labels.amount }}
      onSuccess={() => { setAdded(''); setKey(newIdempotencyKey()); }}>
      {(s) => (
        <>
          <input type="hidden" name="idempotencyKey" value={key} />
          <p>{labels.balance}: <strong>{money.format(balance / 100)}</strong></p>
          <Field id="amount" label={labels.amount} inputMode="decimal" value={added}
            onChange={(e) => { setAdded(e.target.value); setKey(newIdempotencyKey()); }}
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
