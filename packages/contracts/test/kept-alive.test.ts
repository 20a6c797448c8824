import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchKeptAlive } from '../src/client.js';

// A client that reuses a kept-alive connection can write its request just as the server's idle timeout closes it
// (HAProxy's `timeout http-keep-alive`; most often when the client's event loop was busy and has not yet seen the
// close). The server never read that request, so fetchKeptAlive sends it again on a new connection, and a POST
// arrives exactly once. The server here plays that close deterministically: a connection answers one request, and
// a second request on it is dropped unread, as if the connection had already been closed.

// The server lives in its own process, as a real one would.
const server = `
const http = require('node:http');
let posts = 0;
const s = http.createServer((req, res) => {
  if (req.socket.answered) {
    s.closeIdleConnections();
    return req.socket.destroy();
  }
  req.socket.answered = true;
  if (req.method === 'POST') posts++;
  // no Keep-Alive hint (HAProxy sends none), so the client keeps the connection for its own default time
  res.setHeader('connection', 'keep-alive');
  req.resume();
  req.on('end', () => res.end(JSON.stringify({ posts })));
});
s.listen(0, '127.0.0.1', () => process.send(s.address().port));
`;

describe('a request on a connection the server has just closed', () => {
  let child: ChildProcess;
  let base: string;
  // a server for each test, so no connection is left in the client's pool from another
  beforeEach(async () => {
    child = spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const [port] = (await once(child, 'message')) as [number];
    base = `http://127.0.0.1:${port}/`;
  });
  afterEach(() => {
    child?.kill();
  });

  const staleThenPost = async (send: (url: string, init: RequestInit) => Promise<Response>) => {
    await (await fetch(base)).text(); // leaves a kept-alive connection in the pool, which the next call reuses
    await new Promise((r) => setTimeout(r, 50)); // (once the client has put it back there)
    return send(base, { method: 'POST', body: 'once' });
  };

  it('fails with plain fetch (the race is real)', async () => {
    await expect(staleThenPost(fetch)).rejects.toMatchObject({ cause: { code: 'UND_ERR_SOCKET' } });
  });

  it('is sent again on a new connection by fetchKeptAlive, and arrives once', async () => {
    const res = await staleThenPost(fetchKeptAlive);
    expect(res.status).toBe(200);
    expect((await res.json()).posts).toBe(1);
  });
});
