import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MicroCache } from '../src/index.js';

describe('MicroCache', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('shares one load between concurrent misses and serves it until the time to live is over', async () => {
    const cache = new MicroCache(1000);
    const load = vi.fn(async () => 'a');
    expect(await Promise.all([cache.remember('k', load), cache.remember('k', load)])).toEqual(['a', 'a']);
    vi.advanceTimersByTime(500);
    expect(await cache.remember('k', load)).toBe('a');
    expect(load).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(600);
    expect(await cache.remember('k', async () => 'b')).toBe('b');
  });

  it('refreshes a key asked for late in its life in the background, and the new answer takes over', async () => {
    const cache = new MicroCache(1000);
    await cache.remember('k', async () => 'old');
    vi.advanceTimersByTime(800);
    let finish!: (v: string) => void;
    const slow = vi.fn(() => new Promise<string>((r) => (finish = r)));
    expect(await cache.remember('k', slow)).toBe('old'); // served at once, while the refresh runs
    expect(await cache.remember('k', slow)).toBe('old');
    expect(slow).toHaveBeenCalledTimes(1);
    finish('new');
    await vi.advanceTimersByTimeAsync(0);
    expect(await cache.remember('k', async () => 'other')).toBe('new');
    // the refreshed answer is dated from when its query started: it lives ttl from then, not from the old one
    vi.advanceTimersByTime(1000);
    expect(await cache.remember('k', async () => 'after')).toBe('after');
  });

  it('never lets a refresh read before clear() bring back what the change replaced', async () => {
    const cache = new MicroCache(1000);
    await cache.remember('k', async () => 'old');
    vi.advanceTimersByTime(800);
    let finish!: (v: string) => void;
    await cache.remember('k', () => new Promise<string>((r) => (finish = r)));
    cache.clear();
    expect(await cache.remember('k', async () => 'changed')).toBe('changed');
    finish('read before the change');
    await vi.advanceTimersByTimeAsync(0);
    expect(await cache.remember('k', async () => 'x')).toBe('changed');
  });

  it('keeps no failure, neither from a load nor from a refresh', async () => {
    const cache = new MicroCache(1000);
    await expect(cache.remember('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.remember('k', async () => 'up')).toBe('up');
    vi.advanceTimersByTime(800);
    expect(await cache.remember('k', async () => Promise.reject(new Error('down')))).toBe('up');
    await vi.advanceTimersByTimeAsync(0);
    expect(await cache.remember('k', async () => 'retried')).toBe('up'); // a new refresh starts, old answer served
    await vi.advanceTimersByTimeAsync(0);
    expect(await cache.remember('k', async () => 'z')).toBe('retried');
  });

  it('forgets one key, and a background load started before does not bring it back', async () => {
    const cache = new MicroCache(1000);
    await cache.remember('a', async () => 'a1');
    await cache.remember('b', async () => 'b1');
    vi.advanceTimersByTime(800);
    let finish!: (v: string) => void;
    await cache.remember('a', () => new Promise<string>((r) => (finish = r)));
    cache.forget('a');
    finish('read before');
    await vi.advanceTimersByTimeAsync(0);
    expect(await cache.remember('a', async () => 'a2')).toBe('a2');
    expect(await cache.remember('b', async () => 'other')).toBe('b1');
  });

  it('with a time to live of 0 always loads', async () => {
    const cache = new MicroCache(0);
    const load = vi.fn(async () => 1);
    await cache.remember('k', load);
    await cache.remember('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });
  it('stays within its byte budget over many distinct keys, dropping the oldest first', async () => {
    const cache = new MicroCache(60_000, 5000, { maxBytes: 100_000 });
    const page = (n: number) => ({ body: new ArrayBuffer(10_000), n });
    for (let i = 0; i < 50; i++) await cache.remember(`page ${i}`, async () => page(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(cache.size.bytes).toBeLessThanOrEqual(100_000);
    expect(cache.size.entries).toBeLessThan(10);
    // the newest is still served from the cache, the oldest was dropped and loads again
    expect((await cache.remember('page 49', async () => page(-1))).n).toBe(49);
    expect((await cache.remember('page 0', async () => page(-1))).n).toBe(-1);
  });

  it('lets go of what ran out once it is no longer asked for, and its timer stops when nothing is left', async () => {
    const cache = new MicroCache(1000, 5000);
    for (let i = 0; i < 20; i++) await cache.remember(`page ${i}`, async () => ({ body: new ArrayBuffer(10_000) }));
    expect(cache.size.entries).toBe(20);
    // a crawl is over: nothing is asked for again, and within two lifetimes nothing is held
    await vi.advanceTimersByTimeAsync(2000);
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    expect(vi.getTimerCount()).toBe(0);
    // one key still asked for stays, fresh, beside the others going
    await cache.remember('busy', async () => 'b');
    await cache.remember('quiet', async () => 'q');
    for (let t = 0; t < 8; t++) {
      await vi.advanceTimersByTimeAsync(250);
      await cache.remember('busy', async () => 'b');
    }
    expect(cache.size.entries).toBe(1);
  });

  it('drops what ran out before anything still fresh when it reaches its entry bound', async () => {
    const cache = new MicroCache(1000, 3);
    await cache.remember('old', async () => 'o');
    vi.advanceTimersByTime(1500);
    await cache.remember('a', async () => 'a');
    await cache.remember('b', async () => 'b');
    await cache.remember('c', async () => 'c');
    expect(cache.size.entries).toBe(3);
    expect(await cache.remember('a', async () => 'again')).toBe('a');
    expect(cache.size.bytes).toBe(6);
    cache.clear();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });
});
