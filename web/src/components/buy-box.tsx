'use client';
import Link from 'next/link';
import { useActionState, useEffect, useRef, useState } from 'react';
import { buy, myBalance } from '@/app/actions/orders';
import { BuyBar } from '@/components/buy-bar';
import type { FormState } from '@/lib/form-state';
import { orderTotal } from '@marketshare/contracts/plain';
import { newIdempotencyKey as newKey } from '@/lib/idempotency-key';
import { fmt } from '@/lib/template';

interface Labels {
  quantity: string; decrease: string; increase: string; color: string; buy: string; buying: string; confirmTitle: string;
  confirmSure: string; estimate: string; estimateNote: string; confirm: string; cancel: string; viewOrders: string;
  sellerCannotBuy: string; loginToBuy: string; outOfStock: string; max: string; lineTotal: string; addFunds: string;
  balanceShort: string; modify: string;
}
interface BarLabels { bar: string; loginToBuy: string; consumersOnly: string }
interface Props {
  productId: number; productName: string; price: number; discount: number; currency: string; stock: number;
  colors: { slug: string; label: string; hex: string }[]; viewer: 'consumer' | 'seller' | 'guest'; loginHref: string;
  /** Only on the seller's own product (a page rendered for that seller alone). */
  editHref?: string;
  locale: 'en' | 'es'; labels: Labels; barLabels: BarLabels;
}

export function BuyBox(p: Props) {
  const [state, action, pending] = useActionState<FormState, FormData>(buy, {});
  // What the buyer types stays as typed until the field loses focus; only then is it brought within 1..stock.
  const [typed, setTyped] = useState('1');
  // The stock the orders service reported after losing a race for it, until the page shows the new stock.
  const [stockLeft, setStockLeft] = useState<number | undefined>();
  const stock = Math.min(p.stock, stockLeft ?? p.stock);
  const max = Math.max(1, stock);
  const clamp = (n: number) => Math.min(max, Math.max(1, Number.isFinite(n) ? Math.trunc(n) : 1));
  const quantity = clamp(typed.trim() === '' ? 1 : Number(typed));
  const setQuantity = (n: number) => setTyped(String(clamp(n)));
  const [balance, setBalance] = useState<number | null>(null);
  const [color, setColor] = useState(p.colors[0]?.slug ?? '');
  // One key per confirmation: a double submit of the same confirmation cannot create two orders. Made when the dialog
  // opens, in the browser: the page's HTML is shared by every consumer for a second (lib/consumer-pages.ts), so a
  // key rendered into it would be the same for two page views.
  const [key, setKey] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  // what the phone's buy bar watches: while this is out of view, the bar offers its action
  const [box, setBox] = useState<Element | null>(null);
  const { labels: l, barLabels: bl } = p;
  const money = new Intl.NumberFormat(p.locale === 'es' ? 'es-AR' : 'en-AR', { style: 'currency', currency: p.currency });
  // The orders service's own rule; the total confirmed is sent along, and orders never charges more than it.
  const estimate = orderTotal(p.price, p.discount, quantity);
  // After a 409 price_changed: the total now, which the buyer confirms (or not) in the same dialog.
  const [raised, setRaised] = useState<{ quantity: number; total: number } | undefined>();
  const shown = raised?.quantity === quantity ? raised.total : estimate;

  // The balance is read in the browser, not rendered: consumers share the page's HTML (lib/consumer-pages.ts).
  useEffect(() => {
    if (p.viewer === 'consumer') void myBalance().then(setBalance, () => setBalance(null));
  }, [p.viewer, state]);

  useEffect(() => {
    const now = state.result?.priceChanged;
    if (typeof now === 'number') { setRaised({ quantity, total: now }); setKey(newKey()); return; }
    const left = state.result?.stockLeft;
    if (typeof left === 'number') { setStockLeft(left); setTyped(String(Math.max(1, left))); }
    if (state.message) dialog.current?.close();
  }, [state]);

  const confirmBuy = () => { setQuantity(quantity); setKey(newKey()); dialog.current?.showModal(); };
  // The bar shows what every viewer of this role sees alike (price, stock): this render is shared (lib/guest-pages.ts).
  const bar = (
    <BuyBar box={box} label={bl.bar}>
      <span className="buy-bar-price">
        <strong className="price">{money.format(estimate / 100)}</strong>
        {quantity > 1 && <span className="small muted">{` × ${quantity}`}</span>}
      </span>
      {p.viewer === 'guest' ? <Link className="btn" href={p.loginHref}>{bl.loginToBuy}</Link>
        : p.editHref ? <Link className="btn" href={p.editHref}>{l.modify}</Link>
        : p.viewer === 'seller' ? <span className="small muted">{bl.consumersOnly}</span>
        : <button type="button" className="btn" disabled={p.stock < 1 || pending} onClick={confirmBuy}>
            {p.stock < 1 ? l.outOfStock : pending ? l.buying : l.buy}
          </button>}
    </BuyBar>
  );

  if (p.viewer === 'guest') return <div ref={setBox}><Link className="btn" href={p.loginHref}>{l.loginToBuy}</Link>{bar}</div>;
  const short = balance !== null && shown > balance ? shown - balance : 0;
  const shortNote = short > 0 && (
    <p className="banner banner-warn" role="note" data-testid="balance-short">
      <span>{fmt(l.balanceShort, { balance: money.format(balance! / 100), missing: money.format(short / 100) })}</span>
      <Link href="/profile/wallet#funds">{l.addFunds}</Link>
    </p>
  );

  return (
    <form action={action} ref={setBox}>
      <input type="hidden" name="productId" value={p.productId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <input type="hidden" name="maxTotal" value={shown} />
      <div className="field">
        <label htmlFor="quantity">{l.quantity}</label>
        <div className="qty">
          <button type="button" aria-label={l.decrease} onClick={() => setQuantity(quantity - 1)} disabled={quantity <= 1}>−</button>
          <input id="quantity" name="quantity" type="number" inputMode="numeric" min={1} max={max} value={typed}
            aria-describedby="quantity-max" onChange={(e) => setTyped(e.target.value)} onBlur={() => setQuantity(quantity)} />
          <button type="button" aria-label={l.increase} onClick={() => setQuantity(quantity + 1)} disabled={quantity >= max}>+</button>
        </div>
        <span id="quantity-max" className="hint">{fmt(l.max, { n: max })}</span>
        <p className="m0" data-testid="line-total">{fmt(l.lineTotal, { total: money.format(estimate / 100) })}</p>
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
          onClick={confirmBuy}>
          {p.stock < 1 ? l.outOfStock : pending ? l.buying : l.buy}
        </button>
      )}
      {p.viewer === 'consumer' && shortNote}
      {state.message && (
        <div className={`banner ${state.ok ? 'banner-ok' : 'banner-bad'}`} role="status" style={{ marginTop: '1rem' }}>
          <span>{state.message}</span>
          {state.ok && <Link href="/orders">{l.viewOrders}</Link>}
          {state.result?.noMoney !== undefined && <Link href="/profile/wallet#funds">{l.addFunds}</Link>}
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
          {shortNote}
          <p>{l.confirmSure}</p>
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn btn-secondary" onClick={() => dialog.current?.close()}>{l.cancel}</button>
          <button type="submit" className="btn" disabled={pending}>{pending ? l.buying : l.confirm}</button>
        </div>
      </dialog>
      {bar}
    </form>
  );
}
