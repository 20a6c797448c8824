// The one way tests wait: for a condition, never for a guessed time. A test that needs a cache to forget sets the
// cache's window to 0 in the stack's environment instead of sleeping past it.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads until `done` holds for what was read, or `ms` pass; returns the last value read, so the test asserts on it
 * and a failure shows what the system was doing instead of only "timed out".
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean = Boolean,
  ms = 10_000,
  every = 100,
): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await sleep(every);
    value = await read();
  }
  return value;
}
