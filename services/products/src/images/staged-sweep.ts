import { referencedImageFiles, type Db } from '../db/catalog.js';
import type { ImageStore } from './image-store.js';

// A save writes its new image files before the transaction that names them (routes/uploads.ts): a process that dies
// in between leaves files no row points to. So does one that dies after a commit that removed images and before it
// removed their files. The sweep removes such files once they are old enough that no save can still commit them,
// and never a file an image row points to, as its picture or its thumbnail.

/** A save gives up, rather than commit, this long after it began writing its files. */
export const STAGED_SAVE_DEADLINE_MS = 10 * 60_000;
/** A file no row points to is removed once it is this old: far longer than any save may take to commit. */
export const STAGED_FILE_MIN_AGE_MS = 60 * 60_000;
/** How often each replica sweeps, besides once at start-up. */
export const SWEEP_INTERVAL_MS = 60 * 60_000;

export interface SweepLimits {
  /** Files younger than this are left, whatever points to them. */
  minAgeMs: number;
  /** At most this many files are removed in one pass; the next pass goes on. */
  maxRemovals: number;
  /** Names asked about in one query. */
  batch: number;
}
const LIMITS: SweepLimits = { minAgeMs: STAGED_FILE_MIN_AGE_MS, maxRemovals: 1000, batch: 500 };

/**
 * One pass over the image directory, read as a stream: the names are asked about a batch at a time (one indexed
 * query each), and a file no row points to is removed when it was written more than `minAgeMs` before `now`.
 * Answers how many names it looked at and how many files it removed.
 */
export async function sweepStagedImages(
  db: Db,
  images: ImageStore,
  limits: Partial<SweepLimits> = {},
  now = Date.now(),
): Promise<{ examined: number; removed: number }> {
  const { minAgeMs, maxRemovals, batch } = { ...LIMITS, ...limits };
  let examined = 0;
  let removed = 0;
  const sweepBatch = async (names: string[]) => {
    examined += names.length;
    const referenced = await referencedImageFiles(db, names);
    for (const name of names) {
      if (removed >= maxRemovals) return;
      if (referenced.has(name)) continue;
      const writtenAt = await images.writtenAt(name);
      if (writtenAt === undefined || writtenAt > now - minAgeMs) continue;
      await images.remove([name]);
      removed++;
    }
  };
  let names: string[] = [];
  for await (const name of images.storedNames()) {
    names.push(name);
    if (names.length < batch) continue;
    await sweepBatch(names);
    names = [];
    if (removed >= maxRemovals) return { examined, removed };
  }
  await sweepBatch(names);
  return { examined, removed };
}
