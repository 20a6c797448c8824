'use client';
import { startTransition, useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import type { FormState } from '@/lib/form-state';

/**
 * The errors still to fix: a field's error goes as soon as the person changes that field. `onChange` goes on the
 * form (change events bubble); the error keys are the controls' names, or their `data-error` where the two differ.
 * `clear` drops errors of fields changed otherwise (a picker, a star rating).
 */
export function useLiveErrors(state: FormState) {
  const [fixed, setFixed] = useState<{ of: FormState; names: string[] }>({ of: state, names: [] });
  const names = fixed.of === state ? fixed.names : [];
  const errors = Object.fromEntries(Object.entries(state.fieldErrors ?? {}).filter(([k]) => !names.includes(k)));
  const clear = (...keys: (string | undefined)[]) => {
    const hit = keys.filter((k): k is string => Boolean(k && errors[k]));
    if (hit.length) setFixed((cur) => ({ of: state, names: [...(cur.of === state ? cur.names : []), ...hit] }));
  };
  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const field = e.target as HTMLInputElement;
    clear(field.name, field.dataset.error);
  };
  return { errors, clear, onChange };
}

/**
 * Submits the form to `action` without React's reset of the form that follows an action: a refused form keeps
 * every value the person gave, and a radio or select is never shown with a value other than the one sent.
 * Without JavaScript the form's own `action` still posts.
 */
export function submitKeepingValues(action: (fd: FormData) => void) {
  return (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
    startTransition(() => action(fd));
  };
}

/** Focuses what a summary link points at (an element's id, else a control's name in the form), scrolled into view. */
function focusTarget(e: MouseEvent<HTMLAnchorElement>, key: string) {
  const control = document.getElementById(key) ?? e.currentTarget.closest('form')?.elements.namedItem(key);
  const target = control instanceof RadioNodeList ? (control[0] as HTMLElement | undefined) : (control as HTMLElement | null);
  if (!target) return;
  e.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'center' });
}

export type SummaryItem = {
  /** The id (or control name) of the field to go to. */
  target: string;
  label?: string;
  message: string;
};

/**
 * After a refused submit: the form's message and a link to each field still wrong. It takes the focus once per
 * answer (`attempt` changes with each), so a keyboard or screen-reader user, and a phone user whose banner was
 * off-screen, lands on it; fixing fields later does not move the focus again.
 */
export function ErrorSummary({ message, items, attempt }: { message?: string; items: SummaryItem[]; attempt: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = Boolean(message || items.length);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [attempt]); // once per answer, not again as errors clear
  if (!shown) return null;
  return (
    <div ref={ref} className="banner banner-bad error-summary" role="alert" tabIndex={-1}>
      {message && <p>{message}</p>}
      {items.length > 0 && (
        <ul>
          {items.map((i) => (
            <li key={i.target}>
              <a href={`#${i.target}`} onClick={(e) => focusTarget(e, i.target)}>{i.label ? `${i.label}: ${i.message}` : i.message}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The summary of a form whose error keys are its controls' names, labelled by `labels`. */
export function FormErrorSummary({ state, errors, labels = {} }: {
  state: FormState;
  /** The errors still to fix (useLiveErrors). */
  errors: Record<string, string>;
  /** Each field's label, by error key. */
  labels?: Record<string, string>;
}) {
  if (state.ok !== false) return null;
  const items = Object.entries(errors).map(([name, message]) => ({ target: name, label: labels[name], message }));
  return <ErrorSummary message={state.message} items={items} attempt={state} />;
}
