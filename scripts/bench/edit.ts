/** One dashboard's edit, as a user makes it, and its wait for Ready at the generation it made. */
import type { KubeClient } from '../../src/runtime/kube/client.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';
import { GrafanaDashboardResource } from '../../src/api/generated/index.js';
import { NAMESPACE } from './environment.js';
import type { ReadyTracker } from './ready-tracker.js';

/** Appends `suffix` to a dashboard's title; seconds from the edit until it is Ready at its new generation. */
export async function editToReady(
  kube: KubeClient,
  tracker: ReadyTracker,
  name: string,
  suffix: string,
): Promise<number> {
  const type = GrafanaDashboardResource;
  const current = await kube.get<KubeObject & { spec: { json: string } }>(type, NAMESPACE, name);
  const json = JSON.parse(current.spec.json) as { title: string };
  const edited = Date.now();
  const patched = await kube.mergePatch<KubeObject>(type, NAMESPACE, name, {
    spec: { json: JSON.stringify({ ...json, title: `${json.title} ${suffix}` }) },
  });
  const generation = patched.metadata?.generation;
  await tracker.until(() => tracker.generation(type, name) === generation && tracker.isReady(type, name));
  return (Date.now() - edited) / 1000;
}
