import pLimit from 'p-limit';

/**
 * Runs `work` with `size` in flight at a time, the next one starting as soon as any finishes (as a
 * client applying many manifests in parallel does); the first failure rejects.
 */
export async function inBatches(work: Array<() => Promise<unknown>>, size: number): Promise<void> {
  const limit = pLimit(size);
  await Promise.all(work.map((run) => limit(run)));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
