import type { InputHTMLAttributes, ReactNode } from 'react';

/** A labelled input with its hint and its error beside it, wired for screen readers. */
export function Field({ id, label, error, hint, children, ...input }: {
  id: string; label: string; error?: string; hint?: string; children?: ReactNode;
} & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children ?? <input id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />}
      {hint && <span id={`${id}-hint`} className="hint">{hint}</span>}
      {error && <span id={`${id}-error`} className="error">{error}</span>}
    </div>
  );
}

/** Props for a control placed inside <Field> as its child, so it gets the same error wiring. */
export const invalidProps = (id: string, error?: string, hint?: string) => ({
  id,
  'aria-invalid': error ? (true as const) : undefined,
  'aria-describedby': [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined,
});

export function FormMessage({ ok, message }: { ok?: boolean; message?: string }) {
  if (!message) return null;
  return <p className={`banner ${ok ? 'banner-ok' : 'banner-bad'}`} role={ok ? 'status' : 'alert'}>{message}</p>;
}
