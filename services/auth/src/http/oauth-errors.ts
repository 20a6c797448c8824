import type { FastifyReply } from 'fastify';

// The token, introspection and revocation endpoints answer errors in OAuth's shape, not the API's error body.

/** Sends an RFC 6749 §5.2 error; invalid_client is always 401 with a Basic challenge. */
export function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  if (error === 'invalid_client') {
    status = 401;
    reply.header('www-authenticate', 'Basic realm="marketshare"');
  }
  return reply.status(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

/** RFC 6585 §4: 429 with Retry-After, in the token endpoint's error shape. */
export function tooManyFailures(reply: FastifyReply, wait: number, what: string) {
  return reply
    .status(429)
    .header('retry-after', String(wait))
    .header('cache-control', 'no-store')
    .send({ error: 'too_many_requests', error_description: `Too many ${what}; try again in ${wait} s` });
}
