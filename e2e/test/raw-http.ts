import { request } from 'node:http';

// HTTP for tests that send what fetch would not: raw paths, and large bodies a server may refuse before reading.

export interface RawOutcome {
  status: number;
  text: string;
}

/**
 * One request with a raw path (fetch would normalize `..` and `%2e`). A large body waits half a second after the
 * head, as `Expect: 100-continue` would: a server that refuses it by its declared length answers at once and
 * closes, and a body still being written then would reset the connection and lose that answer.
 */
export function sendPatiently(base: URL, c: { method: string; path: string; headers: Record<string, string>; body?: Buffer }): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let text = '';
    const req = request(
      { host: base.hostname, port: base.port, method: c.method, path: c.path, headers: { ...c.headers, connection: 'close' }, timeout: 60_000 },
      (res) => {
        status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 2000) text += chunk;
        });
        res.on('end', () => resolve({ status, text }));
        res.on('error', () => resolve({ status, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', (e) => (status ? resolve({ status, text }) : reject(e)));
    req.on('close', () => status && resolve({ status, text }));
    if (!c.body || c.body.length < 256 * 1024) {
      req.end(c.body);
      return;
    }
    if (req.getHeader('content-length') === undefined) req.setHeader('content-length', c.body.length);
    req.flushHeaders();
    setTimeout(() => {
      if (status) req.destroy();
      else req.end(c.body);
    }, 500);
  });
}

