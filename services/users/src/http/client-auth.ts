import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '@marketshare/service-kit';

export type ClientSecrets = Record<string, string>;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** RFC 6749 §2.3.1: the id and secret are form-encoded before Base64; tolerate clients that skip that step. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function parseBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

const invalidClient = () =>
  new HttpError(401, 'invalid_client', 'Client authentication failed', undefined, { 'www-authenticate': 'Basic realm="marketshare"' });

/**
 * Checks HTTP Basic client credentials against the configured clients. Secrets are compared as SHA-256 digests
 * with `timingSafeEqual`, so neither the secret's content nor its length shows in the response time; an unknown
 * client id is compared against a decoy for the same reason. Returns the authenticated client id.
 */
export function authenticateClient(request: FastifyRequest, clients: ClientSecrets): string {
  const given = parseBasic(request.headers.authorization);
  if (!given) throw invalidClient();
  const expected = Object.hasOwn(clients, given.clientId) ? clients[given.clientId]! : undefined;
  const matches = timingSafeEqual(digest(given.secret), digest(expected ?? '\u0000decoy'));
  if (!expected || !matches) throw invalidClient();
  return given.clientId;
}
