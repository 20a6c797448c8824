'use client';
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { saveProduct } from '@/app/actions/product-form';
import type { FormState } from '@/lib/form-state';
import { fmt } from '@/lib/template';
import { Field, FormMessage, invalidProps } from './field';
import { ErrorSummary, useLiveErrors } from './error-summary';

type Option = { value: string; label: string; hex?: string };
type Img = { token: string; url: string; file?: File };
export interface ProductFormInitial {
  id?: number; name: string; description: string; category: string; state: string; colors: string[]; price: string;
  discount: string; stock: string; featuresText: string; rows: { feature: string; value: string }[]; specialFeatures: string[];
  images: { id: number; url: string }[];
}
type Labels = Record<
  'name' | 'description' | 'descriptionHint' | 'category' | 'state' | 'images' | 'imagesHint' | 'loaded' | 'tooManyImages' |
  'removeImage' | 'moveLeft' | 'moveRight' | 'colors' | 'price' | 'priceHint' | 'discount' | 'discountHint' | 'stock' |
  'features' | 'featuresText' | 'featuresTable' | 'feature' | 'value' | 'addRow' | 'removeRow' | 'tooManyRows' |
  'specialFeatures' | 'create' | 'save' | 'saving' | 'row' | 'cover' | 'required' | 'errorSummary', string>;

const MAX_IMAGES = 4;
const MAX_ROWS = 15;
const MAX_BYTES = 5 * 1024 * 1024;
const sub = (s: string, n: number) => fmt(s, { n });

/** A fieldset of chip-styled radios or checkboxes (state, colours, special features). */
function ChoiceGroup({ legend, name, type, options, checked, error, required }: {
  legend: string; name: string; type: 'radio' | 'checkbox'; options: Option[]; checked: string[]; error?: string; required?: boolean;
}) {
  return (
    <fieldset id={name} tabIndex={-1} aria-describedby={error ? `${name}-error` : undefined}>
      <legend className={required ? 'required' : undefined}>{legend}</legend>
      <div className="choice-row">
        {options.map((o) => (
          <label key={o.value} className="chip-choice">
            <input type={type} name={name} value={o.value} defaultChecked={checked.includes(o.value)} />
            <span>{o.hex && <span className="swatch" style={{ background: o.hex }} aria-hidden="true" />}{o.label}</span>
          </label>
        ))}
      </div>
      {error && <p id={`${name}-error`} className="form-error">{error}</p>}
    </fieldset>
  );
}

export function ProductForm({ initial, idempotencyKey, categories, states, colors, specialFeatures, labels: l }: {
  initial: ProductFormInitial; categories: Option[]; states: Option[]; colors: Option[]; specialFeatures: Option[]; labels: Labels;
  /** A new product's: made when its page is rendered, so the same form sent twice publishes one product. */
  idempotencyKey?: string;
}) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveProduct, {});
  const [images, setImages] = useState<Img[]>(initial.images.map((i) => ({ token: `e${i.id}`, url: i.url })));
  const [rows, setRows] = useState(initial.rows.map((r, i) => ({ ...r, key: i })));
  const [imageError, setImageError] = useState('');
  const [rowError, setRowError] = useState('');
  const nextKey = useRef(rows.length);
  const picker = useRef<HTMLInputElement>(null);
  const productId = initial.id;
  const { errors: e, clear: clearError, onChange: clearChanged } = useLiveErrors(state);

  // Previews are object URLs: release whichever are still shown when the form goes away.
  const shown = useRef(images);
  shown.current = images;
  useEffect(() => () => shown.current.forEach((i) => i.file && URL.revokeObjectURL(i.url)), []);

  function addFiles(list: FileList | null) {
    const files = [...(list ?? [])];
    const accepted = files.filter((f) => f.type.startsWith('image/') && f.size <= MAX_BYTES);
    const room = MAX_IMAGES - images.length;
    setImageError(files.length > room ? l.tooManyImages : accepted.length < files.length ? l.imagesHint : '');
    clearError('images');
    setImages((cur) => [...cur, ...accepted.slice(0, room).map((file) => ({ token: 'n', url: URL.createObjectURL(file), file }))]);
    if (picker.current) picker.current.value = '';
  }
  function removeImage(i: number) {
    const img = images[i]!;
    if (img.file) URL.revokeObjectURL(img.url);
    setImages((cur) => cur.filter((_, j) => j !== i));
    setImageError('');
    clearError('images');
  }
  function move(i: number, d: number) {
    setImages((cur) => {
      const next = [...cur];
      const j = i + d;
      if (j < 0 || j >= next.length) return cur;
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  }
  function addRow() {
    if (rows.length >= MAX_ROWS) return setRowError(l.tooManyRows);
    setRows((r) => [...r, { feature: '', value: '', key: nextKey.current++ }]);
  }

  function onSubmit(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const fd = new FormData(ev.currentTarget);
    fd.delete('picker');
    // New files travel in display order; tokens say where each kept or new image goes.
    let n = 0;
    const order = images.map((img) => {
      if (!img.file) return img.token;
      fd.append('file', img.file, img.file.name);
      return `n${n++}`;
    });
    fd.set('imageOrder', order.join(','));
    startTransition(() => action(fd));
  }

  // Where each error's field is, and what it is called, for the summary's links.
  const rowAt = (key: string) => rows[Number(key.split('.')[2])];
  const summary = Object.entries(e).map(([key, message]) => {
    const row = key.startsWith('features.rows.') ? rowAt(key) : undefined;
    const at = key === 'features.text' ? 'featuresText' : key === 'images' ? 'picker' : row ? `row${key.endsWith('value') ? 'Value' : 'Feature'}-${row.key}` : key;
    const label = key === 'features.text' ? l.featuresText : row ? sub(l.row, Number(key.split('.')[2]) + 1) : (l as Record<string, string>)[key] ?? key;
    return { target: at, label, message };
  });

  return (
    <form onSubmit={onSubmit} onChange={clearChanged} noValidate>
      {summary.length ? <ErrorSummary message={state.message ?? l.errorSummary} items={summary} attempt={state} />
        : <FormMessage ok={state.ok} message={state.message} />}
      <p className="small muted">{l.required}</p>
      {productId && <input type="hidden" name="productId" value={productId} />}
      {!productId && idempotencyKey && <input type="hidden" name="idempotencyKey" value={idempotencyKey} />}
      <div className="grid-2">
        <Field id="name" label={l.name} defaultValue={initial.name} error={e.name} required maxLength={120} />
        <Field id="category" label={l.category} error={e.category}>
          <select name="category" defaultValue={initial.category} required {...invalidProps('category', e.category)}>
            <option value="" disabled>—</option>
            {categories.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </Field>
      </div>
      <Field id="description" label={l.description} hint={l.descriptionHint} error={e.description}>
        <textarea name="description" defaultValue={initial.description} required maxLength={2000} {...invalidProps('description', e.description, l.descriptionHint)} />
      </Field>

      <ChoiceGroup legend={l.state} name="state" type="radio" options={states} checked={[initial.state]} error={e.state} required />

      <fieldset aria-describedby="images-hint">
        <legend><span className="required">{l.images}</span> <span className="muted small">({sub(l.loaded, images.length)})</span></legend>
        <div className="field">
          <label htmlFor="picker">{l.images}</label>
          <input id="picker" name="picker" ref={picker} type="file" accept="image/png,image/jpeg,image/webp,image/gif" multiple
            onChange={(ev) => addFiles(ev.currentTarget.files)} disabled={images.length >= MAX_IMAGES}
            aria-invalid={e.images || imageError ? true : undefined} aria-describedby="images-hint images-error" />
          <span id="images-hint" className="hint">{l.imagesHint}</span>
          <span id="images-error" className="error" role="alert">{imageError || e.images}</span>
        </div>
        {images.length > 0 && (
          <ol className="image-grid">
            {images.map((img, i) => (
              <li key={img.url}>
                <img src={img.url} alt={`${l.images} ${i + 1}${i === 0 ? ` (${l.cover})` : ''}`} />
                <div className="tools">
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={sub(l.moveLeft, i + 1)}>←</button>
                  <button type="button" className="btn btn-danger btn-small" onClick={() => removeImage(i)} aria-label={sub(l.removeImage, i + 1)}>✕</button>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => move(i, 1)} disabled={i === images.length - 1} aria-label={sub(l.moveRight, i + 1)}>→</button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </fieldset>

      <ChoiceGroup legend={l.colors} name="colors" type="checkbox" options={colors} checked={initial.colors} error={e.colors} />

      <div className="grid-2">
        <Field id="price" label={l.price} hint={l.priceHint} inputMode="decimal" defaultValue={initial.price} error={e.price} required />
        <Field id="discount" label={l.discount} hint={l.discountHint} type="number" min={0} max={70} step={1} defaultValue={initial.discount} error={e.discount} />
        <Field id="stock" label={l.stock} type="number" min={0} step={1} defaultValue={initial.stock} error={e.stock} required />
      </div>

      <fieldset>
        <legend>{l.features}</legend>
        <Field id="featuresText" label={l.featuresText} error={e.featuresText ?? e['features.text']}>
          <textarea name="featuresText" data-error="features.text" defaultValue={initial.featuresText} maxLength={4000}
            {...invalidProps('featuresText', e.featuresText ?? e['features.text'])} />
        </Field>
        <h3>{l.featuresTable}</h3>
        <div className="feature-rows">
          {rows.map((r, i) => (
            <div className="feature-row" key={r.key} role="group" aria-label={sub(l.row, i + 1)}>
              <Field id={`rowFeature-${r.key}`} name="rowFeature" label={`${l.feature} ${i + 1}`} defaultValue={r.feature}
                maxLength={60} error={e[`features.rows.${i}.feature`]} data-error={`features.rows.${i}.feature`} />
              <Field id={`rowValue-${r.key}`} name="rowValue" label={`${l.value} ${i + 1}`} defaultValue={r.value}
                maxLength={200} error={e[`features.rows.${i}.value`]} data-error={`features.rows.${i}.value`} />
              <button type="button" className="btn btn-secondary btn-small" style={{ marginBottom: '.1rem' }}
                onClick={() => { setRows((cur) => cur.filter((x) => x.key !== r.key)); setRowError(''); }}
                aria-label={sub(l.removeRow, i + 1)}>✕</button>
            </div>
          ))}
        </div>
        <button type="button" className="btn btn-secondary btn-small" style={{ marginTop: '.5rem' }} onClick={addRow}>+ {l.addRow}</button>
        {(rowError || e['features.rows']) && <p className="form-error" role="alert">{rowError || e['features.rows']}</p>}
      </fieldset>

      <ChoiceGroup legend={l.specialFeatures} name="specialFeatures" type="checkbox" options={specialFeatures}
        checked={initial.specialFeatures} error={e.specialFeatures} />
      <button className="btn" type="submit" disabled={pending}>{pending ? l.saving : productId ? l.save : l.create}</button>
    </form>
  );
}
