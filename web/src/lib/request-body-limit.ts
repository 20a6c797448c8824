// How large a request body may be. Server actions take the whole body before they run, and a form's fields need a
// few kilobytes: only a seller's product form (up to 4 images of 5 MB) needs more. Next.js's own limit
// (next.config.ts) is one for every action, so the proxy answers 413 first to everything else that is larger, signed
// in or not, whichever way the action is posted (the Next-Action header or a form without JavaScript).
import { NextResponse, type NextRequest } from 'next/server';
import type { ErrorBody } from '@marketshare/contracts';

/** Every body but the product form's. */
export const FORM_BODY_LIMIT = 1024 * 1024;
/** The product form's, sent by a seller; equal to serverActions.bodySizeLimit in next.config.ts. */
export const UPLOAD_BODY_LIMIT = 25 * 1024 * 1024;
const UPLOAD_PAGE = /^\/products\/(new|\d{1,10}\/edit)$/;

const refuse = (status: 411 | 413, error: string, message: string) =>
  NextResponse.json<ErrorBody>({ error, message }, { status, headers: { 'cache-control': 'no-store' } });

/** Whether the request carries a body at all (what the checks below are about). */
export const hasBody = (req: NextRequest) => req.headers.has('content-length') || req.headers.has('transfer-encoding');

/**
 * The answer to a body that is too large for where it is sent and who sends it (`role` from a verified token), or
 * `null` to let it through. A body must declare its length (browsers always do), so nothing is read to decide.
 */
export function refuseLargeBody(req: NextRequest, role: string | undefined): NextResponse | null {
  if (!hasBody(req)) return null;
  const declared = req.headers.get('content-length');
  if (declared === null || !/^\d{1,15}$/.test(declared)) return refuse(411, 'length_required', 'A request body must declare its length');
  const limit = role === 'seller' && UPLOAD_PAGE.test(req.nextUrl.pathname) ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT;
  if (Number(declared) <= limit) return null;
  return refuse(413, 'payload_too_large', `The request body is larger than ${limit / (1024 * 1024)} MB`);
}
