/**
 * Polls `check` until it stops throwing and returns a value other than false/undefined; then
 * returns that value. On timeout, throws the last failure, so the test output says what was
 * still wrong rather than just "timed out".
 */
export async function eventually<T>(
  check: () => Promise<T | false | undefined> | T | false | undefined,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown = new Error(`${options.what ?? 'condition'} not met`);
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined) return value as T;
      last = new Error(`${options.what ?? 'condition'} not met yet`);
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      if (last instanceof Error && options.what) last.message = `${options.what}: ${last.message}`;
      throw last;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
