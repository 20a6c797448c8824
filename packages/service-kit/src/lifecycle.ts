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
async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const addr = app.server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${actual}`;
}

/** Where a starting service registers what it opened, so that it is closed however the start ends. */
export interface StartScope {
  /** Closed when the service stops, or at once if the start fails; in the reverse order of registration. */
  onClose(close: () => unknown): void;
  /** `onClose(() => resource.close())`, returning the resource: `const store = scope.own(await openPgStore(...))`. */
  own<T extends { close(): unknown }>(resource: T): T;
}

/**
 * Starts a service: `setup` opens its stores and connections (registering each with `scope.onClose`) and builds
 * its app; this listens on `port` and returns the running service. If anything fails on the way, including
 * listening (a taken port), what was opened is closed before the error is thrown, so a failed start leaks no
 * store, connection or timer. Stopping closes the app first (no new requests, in-flight ones finish), then the rest.
 */
export async function serve(
  opts: { name: string; port: number; host: string },
  setup: (scope: StartScope) => Promise<FastifyInstance>,
): Promise<RunningService> {
  const closers: (() => unknown)[] = [];
  const closeOpened = async () => {
    const errors: unknown[] = [];
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length) throw new AggregateError(errors, `closing ${opts.name} failed`);
  };
  let app: FastifyInstance | undefined;
  try {
    app = await setup({
      onClose: (close) => {
        closers.push(close);
      },
      own: (resource) => {
        closers.push(() => resource.close());
        return resource;
      },
    });
    const url = await listen(app, opts.port, opts.host);
    const running = app;
    return {
      name: opts.name,
      url,
      app: running,
      async close() {
        await running.close();
        await closeOpened();
      },
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    await closeOpened().catch(() => undefined);
    throw e;
  }
}

/**
 * How long a stopping replica keeps serving after its readiness turned false, so the gateway (HAProxy's check
 * every second drains it on the first 404) or the cluster's endpoints stop sending to it before it stops accepting.
 */
const DRAIN_MS = 3000;

/**
 * The process entry of a service: start it, and on SIGTERM or SIGINT close it gracefully: readiness false first,
 * then `SHUTDOWN_DRAIN_MS` (3 s) of serving as before while the gateway notices, then no new connections and the
 * in-flight requests finished, then the stores and workers closed. A configuration error prints which variables
 * are wrong and exits with status 78 (EX_CONFIG); a second signal exits at once.
 */
export function runMain(start: () => Promise<RunningService>): void {
  let service: RunningService | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    service?.app.log.info({ signal }, 'shutting down');
    const drainMs = Number(process.env.SHUTDOWN_DRAIN_MS ?? DRAIN_MS);
    const force = setTimeout(() => process.exit(1), 15_000 + drainMs);
    force.unref();
    try {
      if (service && drainMs > 0) {
        service.app.draining = true;
        await new Promise((resolve) => setTimeout(resolve, drainMs));
      }
      await service?.close();
      process.exit(0);
    } catch (e) {
      console.error(e);
      process.exit(1);
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stop(signal).catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
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
