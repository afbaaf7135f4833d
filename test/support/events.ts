import type { TestKube } from './kube.js';
import { eventually } from './wait.js';

/** Until the object has a DriftReverted Event whose message holds every one of `parts`; answers it. */
export function driftEvent(kube: TestKube, object: string, ...parts: string[]) {
  return eventually(
    async () =>
      (await kube.events(object)).find(
        (e) => e.reason === 'DriftReverted' && parts.every((part) => e.message.includes(part)),
      ),
    { what: `a DriftReverted Event naming ${parts.join(', ')}` },
  );
}
