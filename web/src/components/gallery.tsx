'use client';
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon } from '@/components/icons';
import { fmt } from '@/lib/template';

interface Img { id: number; url: string; thumbnailUrl?: string }
interface Labels {
  moreImages: string; enlarge: string; close: string; prev: string; next: string; noImage: string; counter: string; position: string;
}

/** How far a finger must travel sideways, as a share of the screen's width, for a swipe to change the image. */
const SWIPE = 0.15;

/**
 * Main image with thumbnails. The main image opens a full-screen viewer: a modal dialog (focus stays in it; Escape
 * or its close button shuts it and focus goes back to the image) showing each image at its full size, fitted to the
 * screen; a swipe, the arrow keys or the arrow buttons move between images, and the neighbours are fetched ahead.
 */
export function Gallery({ images, name, labels }: { images: Img[]; name: string; labels: Labels }) {
  const [index, setIndex] = useState(0);
  // the way the last move went, so the image comes in from that side (globals.css; not when motion is reduced)
  const [from, setFrom] = useState<'next' | 'prev' | undefined>();
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const swipe = useRef<{ id: number; x: number; y: number } | null>(null);
  const count = images.length;

  useEffect(() => {
    if (!open || count < 2) return;
    for (const d of [1, -1]) new Image().src = images[(index + d + count) % count]!.url;
  }, [open, index, images, count]);

  const current = images[index];
  if (!current) return <div className="gallery-main">{labels.noImage}</div>;
  const step = (d: number) => {
    if (count < 2) return;
    setFrom(d > 0 ? 'next' : 'prev');
    setIndex((i) => (i + d + count) % count);
  };
  const alt = (i: number) => `${name} (${i + 1}/${count})`;
  // A modal dialog keeps the page behind out of reach but lets Tab leave for the browser's own controls; the viewer
  // fills the screen, so Tab goes round its buttons instead.
  const keepFocus = (e: KeyboardEvent<HTMLDialogElement>) => {
    const stops = [...e.currentTarget.querySelectorAll('button')];
    const at = stops.indexOf(document.activeElement as HTMLButtonElement);
    const to = at === -1 ? 0 : at + (e.shiftKey ? -1 : 1);
    if (at !== -1 && to >= 0 && to < stops.length) return;
    e.preventDefault();
    stops.at(to < 0 ? -1 : 0)?.focus();
  };

  // The image follows the finger (--drag) and, let go far enough sideways, gives way to its neighbour.
  const drag = (px: number) => stage.current?.style.setProperty('--drag', `${px}px`);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (count < 2 || !e.isPrimary || e.button !== 0) return;
    swipe.current = { id: e.pointerId, x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (swipe.current?.id === e.pointerId) drag(e.clientX - swipe.current.x);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const s = swipe.current;
    if (s?.id !== e.pointerId) return;
    swipe.current = null;
    drag(0);
    const dx = e.clientX - s.x;
    if (e.type === 'pointerup' && Math.abs(dx) > Math.abs(e.clientY - s.y) && Math.abs(dx) > e.currentTarget.clientWidth * SWIPE) step(dx < 0 ? 1 : -1);
  };

  return (
    <div>
      <button ref={opener} type="button" className="gallery-main" aria-haspopup="dialog"
        onClick={() => { setOpen(true); dialog.current?.showModal(); }}
        aria-label={labels.enlarge.replace('{n}', String(index + 1))}>
        <img src={current.url} alt={alt(index)} />
      </button>
      {count > 1 && (
        <>
          <p className="small muted" style={{ margin: '.5rem 0 0' }}>{labels.moreImages}</p>
          <div className="thumbs">
            {images.map((img, i) => (
              <button key={img.id} type="button" aria-pressed={i === index} onClick={() => { setFrom(undefined); setIndex(i); }} aria-label={alt(i)}>
                <img src={img.thumbnailUrl ?? img.url} alt="" />
              </button>
            ))}
          </div>
        </>
      )}
      <dialog ref={dialog} className="viewer" aria-label={name}
        onClose={() => { setOpen(false); opener.current?.focus(); }}
        onKeyDown={(e) => { if (e.key === 'ArrowRight') step(1); if (e.key === 'ArrowLeft') step(-1); if (e.key === 'Tab') keepFocus(e); }}>
        <div className="viewer-top">
          {count > 1 && (
            <p className="viewer-counter">
              <span aria-hidden="true">{fmt(labels.counter, { n: index + 1, total: count })}</span>
              <span className="visually-hidden" aria-live="polite">{fmt(labels.position, { n: index + 1, total: count })}</span>
            </p>
          )}
          <button type="button" className="viewer-button" onClick={() => dialog.current?.close()} aria-label={labels.close} autoFocus>
            <CloseIcon />
          </button>
        </div>
        <div ref={stage} className="viewer-stage" onPointerDown={onPointerDown} onPointerMove={onPointerMove}
          onPointerUp={onPointerUp} onPointerCancel={onPointerUp}>
          <img key={current.id} src={current.url} alt={alt(index)} draggable={false} data-from={from} />
        </div>
        {count > 1 && (
          <>
            <button type="button" className="viewer-button viewer-prev" onClick={() => step(-1)} aria-label={labels.prev}><ChevronLeftIcon /></button>
            <button type="button" className="viewer-button viewer-next" onClick={() => step(1)} aria-label={labels.next}><ChevronRightIcon /></button>
          </>
        )}
      </dialog>
    </div>
  );
}
