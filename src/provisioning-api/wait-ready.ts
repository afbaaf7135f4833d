import { statusView, type ObjectWithStatus, type StatusView } from './status-view.js';

/**
 * Reads the object until its outcome at the current generation is known (applied or failed), or
 * the deadline passes (then the last view, still pending). Polls the apiserver: the API runs on
 * every replica, and a replica that is not the leader has no informers.
 */
export async function waitForOutcome(
  id: string,
  read: () => Promise<ObjectWithStatus | undefined>,
  deadline: number,
): Promise<StatusView | undefined> {
  let delayMs = 50;
  for (;;) {
    const object = await read();
    if (!object) return undefined;
    const view = statusView(id, object);
    if (view.status !== 'pending' || Date.now() + delayMs > deadline) return view;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 500);
  }
}

/** Until `read` finds nothing, or the deadline passes; whether it is gone. */
export async function waitForGone(read: () => Promise<unknown>, deadline: number): Promise<boolean> {
  let delayMs = 50;
  for (;;) {
    if ((await read()) === undefined) return true;
    if (Date.now() + delayMs > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 500);
  }
}
