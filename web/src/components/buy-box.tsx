'use client';
import Link from 'next/link';
import { useActionState, useEffect, useRef, useState } from 'react';
import { buy } from '@/app/actions/orders';
import type { FormState } from '@/lib/form-state';
import { orderTotal } from '@marketshare/contracts';
import { newIdempotencyKey as newKey } from '@/lib/idempotency-key';

interface Labels {
  quantity: string; decrease: string; increase: string; color: string; buy: string; buying: string; confirmTitle: string;
  confirmSure: string; estimate: string; estimateNote: string; priceChanged: string; confirm: string; cancel: string; viewOrders: string;
  sellerCannotBuy: string; loginToBuy: string; outOfStock: string;
}
interface Props {
  productId: number; productName: string; price: number; discount: number; currency: string; stock: number;
  colors: { slug: string; label: string; hex: string }[]; viewer: 'consumer' | 'seller' | 'guest'; loginHref: string;
  locale: 'en' | 'es'; labels: Labels;
}

export function BuyBox(p: Props) {
  const [state, action, pending] = useActionState<FormState, FormData>(buy, {});
  const [quantity, setQuantity] = useState(1);
  const [color, setColor] = useState(p.colors[0]?.slug ?? '');
  // One key per confirmation: a double submit of the same confirmation cannot create two orders. Made when the dialog
  // opens, in the browser: the page's HTML is shared by every consumer for a second (lib/consumer-pages.ts), so a
  // key rendered into it would be the same for two page views.
  const [key, setKey] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const { labels: l } = p;
  const money = new Intl.NumberFormat(p.locale === 'es' ? 'es-AR' : 'en-AR', { style: 'currency', currency: p.currency });
  // The orders service's own rule; the total confirmed is sent along, and orders never charges more than it.
  const estimate = orderTotal(p.price, p.discount, quantity);
  // After a 409 price_changed: the total now, which the buyer confirms (or not) in the same dialog.
  const [raised, setRaised] = useState<{ quantity: number; total: number } | undefined>();
  const shown = raised?.quantity === quantity ? raised.total : estimate;

  useEffect(() => {
    const now = state.result?.priceChanged;
    if (typeof now === 'number') { setRaised({ quantity, total: now }); setKey(newKey()); return; }
    if (state.message) dialog.current?.close();
  }, [state]);

  if (p.viewer === 'guest') return <Link className="btn" href={p.loginHref}>{l.loginToBuy}</Link>;
  const max = Math.max(1, p.stock);
  const clamp = (n: number) => Math.min(max, Math.max(1, Number.isFinite(n) ? Math.trunc(n) : 1));

  return (
    <form action={action}>
      <input type="hidden" name="productId" value={p.productId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <input type="hidden" name="maxTotal" value={shown} />
      <div className="field">
        <label htmlFor="quantity">{l.quantity}</label>
        <div className="qty">
          <button type="button" aria-label={l.decrease} onClick={() => setQuantity((q) => clamp(q - 1))} disabled={quantity <= 1}>−</button>
          <input id="quantity" name="quantity" type="number" inputMode="numeric" min={1} max={max} value={quantity}
            onChange={(e) => setQuantity(clamp(Number(e.target.value)))} />
          <button type="button" aria-label={l.increase} onClick={() => setQuantity((q) => clamp(q + 1))} disabled={quantity >= max}>+</button>
        </div>
      </div>
      {p.colors.length > 0 && (
        <fieldset className="field">
          <legend>{l.color}: <strong>{p.colors.find((c) => c.slug === color)?.label.toUpperCase()}</strong></legend>
          <div className="swatches">
            {p.colors.map((c) => (
              <label key={c.slug}>
                <input type="radio" name="color" value={c.slug} checked={color === c.slug} onChange={() => setColor(c.slug)} />
                <span className="swatch" style={{ background: c.hex }} aria-hidden="true" />
                {c.label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {p.viewer === 'seller' ? (
        <p className="banner banner-info" role="note">{l.sellerCannotBuy}</p>
      ) : (
        <button type="button" className="btn" style={{ width: '100%' }} disabled={p.stock < 1 || pending}
          onClick={() => { setKey(newKey()); dialog.current?.showModal(); }}>
          {p.stock < 1 ? l.outOfStock : pending ? l.buying : l.buy}
        </button>
      )}
      {state.message && (
        <div className={`banner ${state.ok ? 'banner-ok' : 'banner-bad'}`} role="status" style={{ marginTop: '1rem' }}>
          <span>{state.message}</span>
          {state.ok && <Link href="/orders">{l.viewOrders}</Link>}
        </div>
      )}
      <dialog ref={dialog} aria-labelledby="confirm-title">
        <div className="dialog-body">
          <h2 id="confirm-title">{l.confirmTitle}</h2>
          <p>{p.productName} (x{quantity}){color ? ` — ${p.colors.find((c) => c.slug === color)?.label}` : ''}</p>
          {raised?.quantity === quantity && state.result?.priceChanged !== undefined && (
            <p className="banner banner-bad" role="alert">{state.message}</p>
          )}
          <p><span className="muted">{l.estimate}: </span><strong className="price">{money.format(shown / 100)}</strong></p>
          <p className="small muted">{l.estimateNote}</p>
          <p>{l.confirmSure}</p>
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn btn-secondary" onClick={() => dialog.current?.close()}>{l.cancel}</button>
          <button type="submit" className="btn" disabled={pending}>{pending ? l.buying : l.confirm}</button>
        </div>
      </dialog>
    </form>
  );
}
