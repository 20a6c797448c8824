import type { ServiceApp } from './app.js';

export interface Poller {
  /** Runs one pass now (or waits for the one under way) and resolves when it is over. */
  runNow(): Promise<void>;
  /** Stops polling and waits for the pass under way. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs`, never two at a time; a failed pass is logged and tried again on the next tick
 * (the database or a neighbour service may be briefly away).
 */
export function startPoller(name: string, log: ServiceApp['log'], intervalMs: number, pass: () => Promise<void>): Poller {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= pass()
      .catch((err: unknown) => log.warn({ err: (err as Error).message, worker: name }, 'background pass failed; will retry'))
      .finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => {
    run().catch(() => undefined); // run() logs a failed pass itself and never rejects
  }, intervalMs);
  timer.unref();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
