'use client';
import { useState } from 'react';
import { forgotPassword, setNewPassword, withdrawFunds } from '@/app/actions/wallet';
import { newIdempotencyKey } from '@/lib/idempotency-key';
import { Field } from './field';
import { ActionForm } from './profile-forms';

export function WithdrawForm({ idempotencyKey, labels }: {
  /** Made by the page's render, as for top-ups: a retried submit withdraws once. */
  idempotencyKey: string;
  labels: { withdraw: string; withdrawAmount: string };
}) {
  const [key, setKey] = useState(idempotencyKey);
  return (
    <ActionForm action={withdrawFunds} submit={labels.withdraw} fieldLabels={{ amount: labels.withdrawAmount }}
      onSuccess={() => setKey(newIdempotencyKey())}>
      {(s) => (
        <>
          <input type="hidden" name="idempotencyKey" value={key} />
          <Field id="withdraw-amount" name="amount" label={labels.withdrawAmount} inputMode="decimal" error={s.fieldErrors?.amount}
            onChange={() => setKey(newIdempotencyKey())} />
        </>
      )}
    </ActionForm>
  );
}

export function ForgotPasswordForm({ labels }: { labels: { login: string; send: string } }) {
  return (
    <ActionForm action={forgotPassword} submit={labels.send}>
      {(s) => <Field id="login" label={labels.login} autoComplete="username" error={s.fieldErrors?.login} maxLength={254} />}
    </ActionForm>
  );
}

export function ResetPasswordForm({ token, labels }: { token: string; labels: { newPassword: string; confirmPassword: string; submit: string } }) {
  return (
    <ActionForm action={setNewPassword} submit={labels.submit}>
      {(s) => (
        <>
          <input type="hidden" name="token" value={token} />
          <Field id="newPassword" label={labels.newPassword} type="password" autoComplete="new-password" error={s.fieldErrors?.newPassword} />
          <Field id="confirmPassword" label={labels.confirmPassword} type="password" autoComplete="new-password" error={s.fieldErrors?.confirmPassword} />
        </>
      )}
    </ActionForm>
  );
}
