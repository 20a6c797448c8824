'use client';
import { useEffect } from 'react';

/**
 * Collapses the sticky header while the person scrolls down, and keeps `--header-height` at its height, so `scroll-padding-top` (globals.css) puts a jump target
 * such as /profile/wallet#funds below the header rather than under it, whatever the header's height (it wraps on a phone).
 * The first jump happens before this runs, so once the height is known the target of the address is shown again.
 */
export function HeaderOffset() {
  useEffect(() => {
    const header = document.querySelector<HTMLElement>('.site-header');
    if (!header) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty('--header-height', `${header.offsetHeight}px`);
    measure();
    const target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    target?.scrollIntoView();
    const observer = new ResizeObserver(measure);
    observer.observe(header);
    // Scrolling down collapses the header to one short row (on a phone, globals.css); scrolling back up a good way,
    // or to the top, opens it again. The way back is longer than the height the header loses, so the browser's
    // own scroll adjustment when it shrinks never opens it again.
    let ref = scrollY;
    let collapsed = false;
    const set = (on: boolean) => {
      collapsed = on;
      header.toggleAttribute('data-collapsed', on);
      ref = scrollY;
    };
    const onScroll = () => {
      const y = scrollY;
      if (y < 64) {
        if (collapsed) set(false);
        ref = y;
      } else if (!collapsed) {
        if (y > ref + 16) set(true);
        else if (y < ref) ref = y;
      } else if (y < ref - 160) set(false);
      else if (y > ref) ref = y;
    };
    addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      removeEventListener('scroll', onScroll);
    };
  }, []);
  return null;
}
