import * as generated from '../../src/api/generated/index.js';
import type { KubeObject, ResourceType } from '../../src/runtime/kube/types.js';

/** The generated ResourceType of one of our objects, by its kind. */
export function resourceOf(object: KubeObject): ResourceType {
  const resource = (Object.values(generated) as unknown[]).find(
    (value): value is ResourceType =>
      typeof value === 'object' &&
      value !== null &&
      'plural' in value &&
      (value as ResourceType).kind === object.kind,
  );
  if (!resource) throw new Error(`no resource for ${object.kind}`);
  return resource;
}
