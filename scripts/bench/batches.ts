/** Runs `work` `size` at a time, in order; the first failure rejects. */
export async function inBatches(work: Array<() => Promise<unknown>>, size: number): Promise<void> {
  for (let i = 0; i < work.length; i += size) await Promise.all(work.slice(i, i + size).map((run) => run()));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
