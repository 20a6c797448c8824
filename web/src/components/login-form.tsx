'use client';
import { useActionState, useEffect, useRef } from 'react';
import { login } from '@/app/actions/session';
import type { FormState } from '@/lib/form-state';
import { FormErrorSummary, submitKeepingValues, useLiveErrors } from './error-summary';
import { Field } from './field';

export function LoginForm({ next, labels }: { next: string; labels: { username: string; password: string; submit: string } }) {
  const [state, action, pending] = useActionState<FormState, FormData>(login, {});
  const { errors, onChange } = useLiveErrors(state);
  const form = useRef<HTMLFormElement>(null);
  // a refused password is typed again, never sent twice by accident
  useEffect(() => {
    const password = form.current?.elements.namedItem('password');
    if (state.ok === false && password instanceof HTMLInputElement) password.value = '';
  }, [state]);
  return (
    <form ref={form} action={action} onSubmit={submitKeepingValues(action)} onChange={onChange} noValidate>
      <FormErrorSummary state={state} errors={errors} labels={{ username: labels.username, password: labels.password }} />
      <input type="hidden" name="next" value={next} />
      <Field id="username" label={labels.username} autoComplete="username" required defaultValue={state.values?.username}
        error={errors.username} autoCapitalize="none" />
      <Field id="password" label={labels.password} type="password" autoComplete="current-password" required
        error={errors.password} />
      <button className="btn" type="submit" disabled={pending} style={{ width: '100%' }}>{labels.submit}</button>
    </form>
  );
}
