/**
 * How long a POST or DELETE waits for the object before answering 202: `?timeoutSeconds=` and
 * `Prefer: respond-async` (RFC 7240), as the request gives them.
 */
import { ApiFailure } from './failure.js';
import type { WaitOptions } from './service.js';

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const MAX_TIMEOUT_SECONDS = 60;

/** `timeoutSeconds` (default 10, an integer from 0 to 60, else 400) and whether to answer at once. */
export function parseWaitOptions(
  timeoutSeconds: string | undefined,
  prefer: string | undefined,
): WaitOptions {
  const seconds = timeoutSeconds === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(timeoutSeconds);
  if (!/^\d+$/.test(timeoutSeconds ?? '0') || seconds > MAX_TIMEOUT_SECONDS)
    throw new ApiFailure(400, 'Invalid', `timeoutSeconds: an integer from 0 to ${MAX_TIMEOUT_SECONDS}`, {
      errors: [`timeoutSeconds: an integer from 0 to ${MAX_TIMEOUT_SECONDS}, got "${timeoutSeconds}"`],
    });
  const async = /(^|[\s,;])respond-async($|[\s,;])/i.test(prefer ?? '');
  return { async, timeoutMs: seconds * 1000 };
}
