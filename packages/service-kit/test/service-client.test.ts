import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServiceApp, createServiceClient, HttpError } from '@marketshare/service-kit';

// A stand-in for auth and for a neighbour service in one server: the client's side of the exchange is what is
// tested here (tokens, retries, timeouts, errors, kept-alive sockets), so the server only records and answers.

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

let tokensIssued = 0;
let connections = 0;
let seen: { method: string; url: string; authorization?: string; requestId?: string; body: string }[] = [];
let route: Handler;

const issueToken: Handler = (_req, _body, res) => {
  tokensIssued++;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ access_token: `token-${tokensIssued}`, expires_in: 3600, token_type: 'Bearer' }));
};

function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    if (req.url === '/oauth/token') return issueToken(req, body, res);
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, requestId: req.headers['x-request-id'] as string | undefined, body });
    route(req, body, res);
  });
}

const json =
  (status: number, value: unknown): Handler =>
  (_req, _body, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };

async function listen(server: http.Server | https.Server): Promise<string> {
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return String((server.address() as AddressInfo).port);
}

let server: http.Server;
let base: string;
const client = (timeoutMs?: number) =>
  createServiceClient({ authUrl: base, clientId: 'orders-service', clientSecret: 's3cret:&', timeoutMs });

beforeAll(async () => {
  server = http.createServer(handle);
  base = `http://127.0.0.1:${await listen(server)}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  tokensIssued = 0;
  connections = 0;
  seen = [];
  route = json(200, { ok: true });
});

describe('the service client', () => {
  it('sends JSON with a service token it gets once, over one kept-alive connection', async () => {
    const c = client();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await c.post(`${base}/internal/echo`, { i, text: 'ñandú' }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0].body).toEqual({ ok: true });
    expect(tokensIssued).toBe(1);
    expect(seen.map((s) => s.authorization)).toEqual(Array(5).fill('Bearer token-1'));
    expect(JSON.parse(seen[4].body)).toEqual({ i: 4, text: 'ñandú' });
    expect(connections).toBe(1);
  });

  it('answers other statuses as they are, with an empty body as undefined', async () => {
    route = json(409, { error: 'insufficient_stock' });
    expect(await client().post(`${base}/internal/stock/reserve`, {})).toEqual({
      status: 409,
      body: { error: 'insufficient_stock' },
    });
    route = (_req, _body, res) => res.writeHead(204).end();
    expect(await client().get(`${base}/internal/nothing`)).toEqual({ status: 204, body: undefined });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
  });

  it('gets a new token once when a call answers 401, and answers a second 401 as it is', async () => {
    const c = client();
    await c.get(`${base}/warm-up`);
    route = (req, body, res) =>
      (req.headers.authorization === 'Bearer token-1' ? json(401, {}) : json(200, { again: true }))(req, body, res);
    expect(await c.get(`${base}/internal/x`)).toEqual({ status: 200, body: { again: true } });
    expect(tokensIssued).toBe(2);
    route = json(401, { error: 'unauthorized' });
    expect((await c.get(`${base}/internal/x`)).status).toBe(401);
    expect(tokensIssued).toBe(3);
  });

  it('turns a call without an answer in time into 503 unavailable', async () => {
    route = () => undefined; // never answers
    const started = Date.now();
    const error = await client(300)
      .get(`${base}/internal/slow`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 503, code: 'unavailable' });
    expect((error as Error).message).toContain('GET /internal/slow failed');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('turns a refused connection, also auth’s, into 503 unavailable', async () => {
    const closed = http.createServer();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    const nowhere = createServiceClient({ authUrl: `http://127.0.0.1:${port}`, clientId: 'x', clientSecret: 'y' });
    await expect(nowhere.get(`${base}/internal/x`)).rejects.toMatchObject({ statusCode: 503, code: 'unavailable' });
    const c = client();
    await expect(c.get(`http://127.0.0.1:${port}/internal/x`)).rejects.toMatchObject({ statusCode: 503 });
  });

  it('calls https services too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-client-'));
    try {
      const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
        {
          stdio: 'ignore',
        },
      );
      const secure = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, handle);
      const port = await listen(secure);
      // The certificate is made up on the spot, so no CA vouches for it.
      const reject = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      try {
        const c = createServiceClient({ authUrl: `https://127.0.0.1:${port}`, clientId: 'orders-service', clientSecret: 's' });
        expect(await c.post(`https://127.0.0.1:${port}/internal/echo`, { a: 1 })).toEqual({ status: 200, body: { ok: true } });
        expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/internal/echo', authorization: 'Bearer token-1' });
      } finally {
        if (reject === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = reject;
        secure.closeAllConnections();
        await new Promise((r) => secure.close(r));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes on the id of the request it serves, so one request reads as one id in every service', async () => {
    route = json(200, { ok: true });
    const neighbour = client();
    const app = await createServiceApp({ name: 'caller', logLevel: 'silent' });
    app.get('/relay', async () => (await neighbour.post(`${base}/internal/echo`, {})).body);
    try {
      const res = await app.inject({ method: 'GET', url: '/relay', headers: { 'x-request-id': 'purchase-42' } });
      expect(res.headers['x-request-id']).toBe('purchase-42');
      expect(seen.at(-1)).toMatchObject({ url: '/internal/echo', requestId: 'purchase-42' });
      // a call made outside any request (a background worker) carries none
      await neighbour.post(`${base}/internal/echo`, {});
      expect(seen.at(-1)!.requestId).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
