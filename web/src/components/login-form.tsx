'use client';
import { useActionState } from 'react';
import { login } from '@/app/actions/session';
import type { FormState } from '@/lib/form-state';
import { Field, FormMessage } from './field';

export function LoginForm({ next, labels }: { next: string; labels: { username: string; password: string; submit: string } }) {
  const [state, action, pending] = useActionState<FormState, FormData>(login, {});
  return (
    <form action={action} noValidate>
      <FormMessage ok={state.ok} message={state.message} />
      <input type="hidden" name="next" value={next} />
      <Field id="username" label={labels.username} autoComplete="username" required defaultValue={state.values?.username}
        error={state.fieldErrors?.username} autoCapitalize="none" />
      <Field id="password" label={labels.password} type="password" autoComplete="current-password" required
        error={state.fieldErrors?.password} />
      <button className="btn" type="submit" disabled={pending} style={{ width: '100%' }}>{labels.submit}</button>
    </form>
  );
}
