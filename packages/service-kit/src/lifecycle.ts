import type { FastifyInstance } from 'fastify';
import { ConfigError } from './config.js';

export interface RunningService {
  name: string;
  /** Base URL the service listens on. */
  url: string;
  app: FastifyInstance;
  /** Stop accepting, finish in-flight requests, then close stores and connections. */
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one) and returns the base URL. */
export async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const addr = app.server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${actual}`;
}

/**
 * The process entry of a service: start it, and on SIGTERM or SIGINT close it gracefully. A configuration error
 * prints which variables are wrong and exits with status 78 (EX_CONFIG); a second signal exits at once.
 */
export function runMain(start: () => Promise<RunningService>): void {
  let service: RunningService | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    service?.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await service?.close();
      process.exit(0);
    } catch (e) {
      console.error(e);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  start().then(
    (s) => {
      service = s;
      s.app.log.info({ url: s.url }, `${s.name} listening`);
    },
    (e) => {
      if (e instanceof ConfigError) {
        console.error(e.message);
        process.exit(78);
      }
      console.error(e);
      process.exit(1);
    },
  );
}
