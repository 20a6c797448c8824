const HERE = 'http://marketshare.invalid';

/**
 * Where to go after signing in: a path on this site, or `/`. The check runs on the path as the browser will read
 * it, after normalization (dot segments, `\` read as `/`, percent-decoded dots), because `/.//evil.example` only
 * becomes the protocol-relative `//evil.example` once `/./` is removed.
 */
export function safeNext(next: string): string {
  if (!next.startsWith('/') || /[\\\x00-\x1f\x7f]/.test(next)) return '/';
  let u: URL;
  try {
    u = new URL(next, HERE);
  } catch {
    return '/';
  }
  const path = u.pathname + u.search + u.hash;
  // a second slash (or backslash) right after the first would name another host to the browser
  if (u.origin !== HERE || !path.startsWith('/') || /^\/[/\\]/.test(path)) return '/';
  return path;
}
