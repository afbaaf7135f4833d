/**
 * What keeps an object from being deleted while GrafanaInstances still act through it: an org
 * they act in (spec.org.organizationRef), a service account whose token Secret they sign in with.
 * Deleting it first would cut those instances off, and the objects that hold content through them
 * could then never remove it (their deletion would stay blocked).
 */
import {
  GrafanaInstanceResource,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
} from '../api/generated/index.js';
import { boundedList } from '../lib/messages.js';
import { ObjectError } from '../lib/object-error.js';
import type { KubeClient } from '../runtime/kube/client.js';

/**
 * Waits (Ready=False/DeletionWaiting, naming them) while a GrafanaInstance of the namespace `uses`
 * this object; a GrafanaInstance's disappearance requeues every object of its namespace.
 */
export async function waitForInstancesUsing(
  kube: Pick<KubeClient, 'list'>,
  namespace: string,
  how: string,
  uses: (spec: GrafanaInstanceSpec) => boolean,
): Promise<void> {
  const instances = (await kube.list<GrafanaInstance>(GrafanaInstanceResource, namespace)).items;
  const using = instances
    .filter((instance) => instance.spec && uses(instance.spec))
    .map((instance) => `GrafanaInstance/${instance.metadata?.name ?? ''}`);
  if (using.length === 0) return;
  throw new ObjectError(
    'DeletionWaiting',
    boundedList(using, {
      frame: (list) => `waiting for the instances that ${how} to be deleted first: ${list}`,
    }),
  );
}

/** {@link waitForInstancesUsing} for a service account: the instances signing in with its token Secrets. */
export function waitForInstancesUsingSecrets(
  kube: Pick<KubeClient, 'list'>,
  namespace: string,
  secretNames: readonly string[] = [],
): Promise<void> {
  const secrets = new Set(secretNames);
  return waitForInstancesUsing(kube, namespace, 'sign in with its tokens', (spec) =>
    secrets.has(spec.auth.token?.secretKeyRef.name ?? ''),
  );
}
