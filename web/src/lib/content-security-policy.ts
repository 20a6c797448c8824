// The Content-Security-Policy of every page. Scripts run only when they carry the nonce of the render they came
// in (Next.js puts it on its own scripts when it finds it in the request's Content-Security-Policy header, which the
// proxy sets), and whatever those scripts load themselves ('strict-dynamic'). A render shared by many requests
// (lib/guest-pages.ts) keeps its nonce: the copy and its header go out together, so one nonce is good for one
// render, never for a forged script in another. Pure, so the proxy, the shared renders and the tests share it.
import { randomBytes } from 'node:crypto';

export const CSP_HEADER = 'content-security-policy';

/** 128 random bits, base64 as CSP allows. */
export const newNonce = () => randomBytes(16).toString('base64');

/**
 * The policy for a render whose scripts carry `nonce`. Styles stay open to inline attributes (`style="..."`, which
 * React writes and no nonce can cover); nothing is loaded from anywhere but this origin.
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    // `next dev` evaluates its modules; a production build never does
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}
