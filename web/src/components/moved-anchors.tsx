'use client';
import { useEffect } from 'react';

/**
 * The profile was one page; its parts now have pages of their own. Links into the old page's parts (the
 * `/profile#funds` of e-mails already sent, bookmarks) are sent on to the part's new page. A fragment never reaches
 * the server, so this is the browser's to do; without a script the overview's own #funds link leads on.
 */
const MOVED: Record<string, string> = {
  funds: '/profile/wallet',
  'funds-title': '/profile/wallet',
  'edit-title': '/profile/settings',
  'password-title': '/profile/settings',
};

export function MovedAnchors() {
  useEffect(() => {
    const page = MOVED[decodeURIComponent(location.hash.slice(1))];
    if (page) location.replace(`${page}${location.hash}`);
  }, []);
  return null;
}
