'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The buy box docked at the foot of a phone's screen (globals.css shows it at phone widths only): the price and the
 * viewer's one action, whenever the buy box itself (`box`) is out of view, above or below. Hidden, it is neither read
 * nor focused, so the page never offers the same action twice at once.
 */
export function BuyBar({ box, label, children }: { box: Element | null; label: string; children: ReactNode }) {
  const bar = useRef<HTMLElement>(null);
  const [docked, setDocked] = useState(false);
  useEffect(() => {
    if (!box || !bar.current) return;
    // a box behind the bar is not in view: the bar's own height is taken off the foot of the screen
    const observer = new IntersectionObserver(([entry]) => setDocked(!entry!.isIntersecting), {
      rootMargin: `0px 0px -${bar.current.offsetHeight}px 0px`,
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, [box]);
  return (
    <section ref={bar} className="buy-bar" aria-label={label} data-docked={docked || undefined}>
      {children}
    </section>
  );
}
