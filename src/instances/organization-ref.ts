/**
 * A GrafanaInstance's `spec.org.organizationRef`: the org a GrafanaOrganization of its namespace
 * made, on the Grafana server the instance points at. The organization records its org's id per
 * instance it selects (`status.instances[].uid`); the entry that counts is one written through an
 * instance with the same URL as this one (the same server), since an org id means nothing on
 * another server.
 */
import {
  GrafanaInstanceResource,
  GrafanaOrganizationResource,
  type GrafanaInstance,
  type GrafanaOrganization,
} from '../api/generated/index.js';
import type { KubeClient } from '../runtime/kube/client.js';
import { serverKeyOf } from '../sync/targets.js';
import { InstanceDependencyNotReadyError } from './not-ready.js';

/** The id of the org GrafanaOrganization `name` made on the server `instance` points at. */
export async function orgOfOrganization(
  kube: KubeClient,
  instance: GrafanaInstance,
  name: string,
): Promise<number> {
  const namespace = instance.metadata?.namespace ?? '';
  const organization = await kube.find<GrafanaOrganization>(GrafanaOrganizationResource, namespace, name);
  if (!organization)
    throw new InstanceDependencyNotReadyError(
      `spec.org.organizationRef: GrafanaOrganization ${name} does not exist`,
    );
  const server = serverKeyOf(instance);
  for (const entry of organization.status?.instances ?? []) {
    // Only an org the organization wrote: its id, recorded with what was applied.
    if (!entry.uid || !entry.appliedHash) continue;
    const via =
      entry.name === instance.metadata?.name
        ? instance
        : await kube.find<GrafanaInstance>(GrafanaInstanceResource, namespace, entry.name);
    if (via && serverKeyOf(via) === server) return Number(entry.uid);
  }
  throw new InstanceDependencyNotReadyError(
    `spec.org.organizationRef: GrafanaOrganization ${name} has no org yet on the Grafana server at ${instance.spec.url} (it needs to be in sync through a GrafanaInstance with that URL)`,
  );
}
