/** An OAuth client's id and secret, as a client presents them. */
export interface ClientCredentials {
  id: string;
  secret: string;
  viaBasic: boolean;
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before Base64; tolerate clients that skip that step. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * The one reader of client credentials: HTTP Basic (RFC 6749 §2.3.1, form-encoded) or, when a body is given,
 * `client_id` and `client_secret` in it. Undefined when neither is there or the header is malformed.
 */
export function clientCredentials(authorization: string | undefined, body?: Record<string, unknown>): ClientCredentials | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (m) {
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)), viaBasic: true };
  }
  const id = body?.client_id;
  const secret = body?.client_secret;
  return typeof id === 'string' && typeof secret === 'string' ? { id, secret, viaBasic: false } : undefined;
}

/** The HTTP Basic header for a client, form-encoded as RFC 6749 §2.3.1 asks. */
export const basicAuthorization = (id: string, secret: string) =>
  'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
