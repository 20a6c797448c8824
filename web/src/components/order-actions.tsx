'use client';
import { useActionState, useEffect, useRef, useState } from 'react';
import { cancel, review } from '@/app/actions/orders';
import type { FormState } from '@/lib/form-state';
import { formatNumber } from '@/lib/format';
import type { Locale } from '@/lib/i18n';
import { fmt } from '@/lib/template';
import { Field, FormMessage, invalidProps } from './field';
import { ErrorSummary, useLiveErrors } from './error-summary';

/** Opens a dialog once, on arrival (an e-mail's "cancel" or "review" link lands on the order with it open). */
function useOpenAtOnce(dialog: React.RefObject<HTMLDialogElement | null>, open?: boolean) {
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [dialog, open]);
}

/** The order's cancel button, with a confirmation dialog; the result (refund) is announced. */
export function CancelOrder({ orderId, labels, openAtOnce }: {
  orderId: number; labels: { cancel: string; confirm: string; back: string; question: string }; openAtOnce?: boolean;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(cancel, {});
  const dialog = useRef<HTMLDialogElement>(null);
  useOpenAtOnce(dialog, openAtOnce);
  useEffect(() => { if (state.message) dialog.current?.close(); }, [state]);
  return (
    <>
      <button type="button" className="btn btn-danger btn-small" onClick={() => dialog.current?.showModal()}>{labels.cancel}</button>
      <FormMessage ok={state.ok} message={state.message} />
      <dialog ref={dialog} aria-labelledby={`cancel-${orderId}`}>
        <form action={action}>
          <input type="hidden" name="orderId" value={orderId} />
          <div className="dialog-body"><h2 id={`cancel-${orderId}`}>{labels.question}</h2></div>
          <div className="dialog-actions">
            <button type="button" className="btn btn-secondary" onClick={() => dialog.current?.close()}>{labels.back}</button>
            <button type="submit" className="btn btn-danger" disabled={pending}>{labels.confirm}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/**
 * Half-star rating: ten radio buttons (0.5 … 5) laid over five stars, the left half of a star giving .5.
 * Arrow keys move through the values as in any radio group; "0" is its own choice.
 */
function StarInput({ idPrefix, value, onChange, words, starLabel, legend, error, locale }: {
  idPrefix: string; value: number | null; onChange: (v: number) => void; words: { value: number; label: string }[]; starLabel: string;
  legend: string; error?: string; locale: Locale;
}) {
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover ?? value ?? 0;
  const word = (v: number | null) => (v === null ? '?' : words.find((w) => w.value === v)?.label ?? '');
  return (
    <fieldset className="field" style={{ border: 0, padding: 0 }}>
      <legend>{legend}</legend>
      <div className="row">
        <span className="star-input" onMouseLeave={() => setHover(null)}>
          {[1, 2, 3, 4, 5].map((s) => (
            <span className="star" key={s}>
              {[s - 0.5, s].map((v) => (
                <label key={v} className={`half ${v % 1 ? 'left' : 'right'}`} onMouseEnter={() => setHover(v)}>
                  <input type="radio" name="rating" value={v} checked={value === v} onChange={() => onChange(v)}
                    {...invalidProps(`${idPrefix}-${v}`, error)} />
                  <span className="visually-hidden">{fmt(starLabel, { n: formatNumber(v, locale) })} — {word(v)}</span>
                </label>
              ))}
              <span className={`star-shape${shown >= s ? ' full' : shown >= s - 0.5 ? ' half' : ''}`} aria-hidden="true" />
            </span>
          ))}
        </span>
        <label className="small"><input type="radio" name="rating" value={0} checked={value === 0} onChange={() => onChange(0)} /> 0</label>
        <strong aria-live="polite">{word(hover ?? value)}</strong>
      </div>
      {error && <span className="error">{error}</span>}
    </fieldset>
  );
}

export function ReviewOrder({ orderId, productName, imageUrl, labels, words, openAtOnce, locale }: {
  orderId: number; productName: string; imageUrl?: string; words: { value: number; label: string }[]; openAtOnce?: boolean; locale: Locale;
  labels: {
    review: string; dialogTitle: string; title: string; summary: string; rating: string; starN: string; submit: string; cancel: string;
    errorSummary: string;
  };
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(review, {});
  const [rating, setRating] = useState<number | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useOpenAtOnce(dialog, openAtOnce);
  const { errors: e, clear, onChange } = useLiveErrors(state);
  const fields: Record<string, { target: string; label: string }> = {
    rating: { target: `rating-${orderId}-0.5`, label: labels.rating },
    title: { target: `title-${orderId}`, label: labels.title },
    summary: { target: `summary-${orderId}`, label: labels.summary },
  };
  const summary = Object.entries(e).map(([k, message]) => ({ ...(fields[k] ?? { target: k, label: k }), message }));
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => dialog.current?.showModal()}>{labels.review}</button>
      <dialog ref={dialog} aria-labelledby={`review-${orderId}`}>
        <form action={action} onChange={onChange} noValidate>
          <div className="dialog-body">
            <h2 id={`review-${orderId}`}>{labels.dialogTitle}</h2>
            <div className="row" style={{ marginBottom: '1rem' }}>
              {imageUrl && <img src={imageUrl} alt="" width={56} height={56} style={{ objectFit: 'cover', borderRadius: 8 }} />}
              <strong>{productName}</strong>
            </div>
            {summary.length ? <ErrorSummary message={labels.errorSummary} items={summary} attempt={state} /> : <FormMessage message={state.message} />}
            <input type="hidden" name="orderId" value={orderId} />
            <StarInput idPrefix={`rating-${orderId}`} value={rating} onChange={(v) => { setRating(v); clear('rating'); }} words={words} starLabel={labels.starN} legend={labels.rating} error={e.rating} locale={locale} />
            <Field id={`title-${orderId}`} name="title" label={labels.title} defaultValue={state.values?.title} error={e.title} maxLength={120} required />
            <Field id={`summary-${orderId}`} label={labels.summary} error={e.summary}>
              <textarea name="summary" defaultValue={state.values?.summary} maxLength={2000} required {...invalidProps(`summary-${orderId}`, e.summary)} />
            </Field>
          </div>
          <div className="dialog-actions">
            <button type="button" className="btn btn-secondary" onClick={() => dialog.current?.close()}>{labels.cancel}</button>
            <button type="submit" className="btn" disabled={pending}>{labels.submit}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
