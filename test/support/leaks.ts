import { readFile } from 'node:fs/promises';
import { CoreTypes, type ResourceType } from '../../src/runtime/kube/types.js';
import type { ObjectFixture } from './fixture.js';

/**
 * Everywhere the operator writes text a user or another tool can read, as one string each: the
 * status of every object of `kinds` in the fixture's namespace, its Events, the operator's log and
 * its metrics. A test scans them for a secret value.
 */
export async function placesASecretMustNotReach(
  f: ObjectFixture,
  kinds: ResourceType[],
): Promise<Record<'status' | 'events' | 'logs' | 'metrics', string>> {
  const objects = await Promise.all(kinds.map((kind) => f.kube.client.list(kind, f.kube.namespace)));
  const events = await f.kube.client.list(CoreTypes.event, f.kube.namespace);
  return {
    status: JSON.stringify(
      objects.flatMap((list) => list.items.map((o) => (o as { status?: unknown }).status)),
    ),
    events: JSON.stringify(events.items),
    logs: await readFile(f.operator.logFile, 'utf8'),
    metrics: await (await fetch(f.operator.metricsUrl)).text(),
  };
}
