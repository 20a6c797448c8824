import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoPath } from './helpers.js';

// The images' entry point, run for real with Node: the heap limit V8 reports follows the memory limit of the
// cgroup it reads (a folder laid out like /sys/fs/cgroup, since this machine's own cgroup may have no limit).

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cgroup(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cgroup-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The old generation's limit, in MiB, of a Node started through the entry point. */
function heapMiB(root: string, env: Record<string, string> = {}): number {
  const r = spawnSync(
    repoPath('deploy/docker/node-entry.sh'),
    [process.execPath, '-e', "console.log(require('v8').getHeapStatistics().heap_size_limit)"],
    { env: { PATH: process.env.PATH, CGROUP_ROOT: root, ...env }, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim()) / 1048576;
}

describe('deploy/docker/node-entry.sh', () => {
  it('gives the heap 60% of a cgroup v2 memory limit', () => {
    const heap = heapMiB(cgroup({ 'memory.max': `${384 * 1048576}\n` }));
    // V8's limit is the old generation's (230 MiB) plus its young generation's (up to 48 MiB)
    expect(heap).toBeGreaterThanOrEqual(230);
    expect(heap).toBeLessThan(384 * 0.8);
  });

  it('reads cgroup v1 too, and a share of the limit can be set', () => {
    const heap = heapMiB(cgroup({ 'memory/memory.limit_in_bytes': String(512 * 1048576) }), { HEAP_PERCENT_OF_LIMIT: '50' });
    expect(heap).toBeGreaterThanOrEqual(256);
    expect(heap).toBeLessThan(256 + 64);
  });

  it('changes nothing without a limit or when NODE_OPTIONS sets the heap already', () => {
    const unlimited = heapMiB(cgroup({ 'memory.max': 'max\n' }));
    expect(heapMiB(cgroup({ 'memory.max': `${384 * 1048576}` }), { NODE_OPTIONS: '--max-old-space-size=100' })).toBeLessThan(100 + 64);
    expect(unlimited).toBeGreaterThan(500);
  });
});
