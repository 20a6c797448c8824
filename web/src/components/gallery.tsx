'use client';
import { useRef, useState } from 'react';

interface Img { id: number; url: string; thumbnailUrl?: string }
interface Labels { moreImages: string; enlarge: string; close: string; prev: string; next: string; noImage: string }

/** Main image with thumbnails; the main image opens a lightbox dialog (Esc closes it, arrow keys browse). */
export function Gallery({ images, name, labels }: { images: Img[]; name: string; labels: Labels }) {
  const [index, setIndex] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const current = images[index];
  if (!current) return <div className="gallery-main">{labels.noImage}</div>;
  const step = (d: number) => setIndex((i) => (i + d + images.length) % images.length);
  const alt = (i: number) => `${name} (${i + 1}/${images.length})`;

  return (
    <div>
      <button type="button" className="gallery-main" onClick={() => dialog.current?.showModal()}
        aria-label={labels.enlarge.replace('{n}', String(index + 1))}>
        <img src={current.url} alt={alt(index)} />
      </button>
      {images.length > 1 && (
        <>
          <p className="small muted" style={{ margin: '.5rem 0 0' }}>{labels.moreImages}</p>
          <div className="thumbs">
            {images.map((img, i) => (
              <button key={img.id} type="button" aria-pressed={i === index} onClick={() => setIndex(i)} aria-label={alt(i)}>
                <img src={img.thumbnailUrl ?? img.url} alt="" />
              </button>
            ))}
          </div>
        </>
      )}
      <dialog ref={dialog} className="lightbox" aria-label={name}
        onKeyDown={(e) => { if (e.key === 'ArrowRight') step(1); if (e.key === 'ArrowLeft') step(-1); }}
        onClick={(e) => { if (e.target === dialog.current) dialog.current.close(); }}>
        <img src={current.url} alt={alt(index)} />
        <div className="dialog-actions">
          {images.length > 1 ? <button type="button" className="btn btn-secondary" onClick={() => step(-1)}>{labels.prev}</button> : <span />}
          <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus>{labels.close}</button>
          {images.length > 1 ? <button type="button" className="btn btn-secondary" onClick={() => step(1)}>{labels.next}</button> : <span />}
        </div>
      </dialog>
    </div>
  );
}
