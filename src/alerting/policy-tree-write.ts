/**
 * How the org's notification policy tree is written and reset (contract §8.5, §8.9). PUT
 * /policies takes no version (the provisioning handler passes none), so writes are
 * last-writer-wins; callers run these in the org's write lock, with the other notification
 * resources.
 */
import {
  GrafanaProvenanceConflictError,
  provenanceOf,
  undefinedIfNotFound,
  type GrafanaApi,
  type NotificationPolicy,
} from '../grafana/index.js';
import type { DesiredPolicyTree, ObservedPolicyTree } from './policy-tree.js';
import { isForeignManaged, switchesToNone } from './provenance.js';

/**
 * Writes the desired tree over the observed one, with provenance `api` or, editable in Grafana,
 * none: from a provenance to none the long way (see {@link unlock}).
 */
export async function putPolicyTree(
  api: GrafanaApi,
  desired: DesiredPolicyTree,
  observed: ObservedPolicyTree | undefined,
): Promise<void> {
  if (switchesToNone(observed?.provenance, desired.editable)) {
    await unlock(api, desired.tree);
    return;
  }
  try {
    await api.notificationPolicies.put(desired.tree, { disableProvenance: desired.editable });
  } catch (err) {
    // Provisioned by someone since we read it: take it to provenance none the long way.
    if (!(err instanceof GrafanaProvenanceConflictError) || !desired.editable) throw err;
    await unlock(api, desired.tree);
  }
}

/**
 * Resets the tree to Grafana's default (`DELETE /policies`), unless it is gone or provisioned from
 * files since: then it is not ours to reset.
 */
export async function resetPolicyTree(api: GrafanaApi): Promise<void> {
  const policies = api.notificationPolicies;
  const current = await undefinedIfNotFound(policies.get());
  if (!current) return;
  const provenance = provenanceOf(current);
  if (isForeignManaged(provenance)) return;
  // The reset must name the stored provenance (relaxed rule, §8.9).
  await policies.reset({ disableProvenance: provenance === '' });
}

/**
 * From provenance `api` to none: Grafana refuses that change in place (403, §8.9) but a reset
 * clears the provenance. The tree is first written as it is (provenance api), so an invalid
 * tree fails before the reset and the old tree stays; then reset, then written without provenance.
 */
async function unlock(api: GrafanaApi, tree: NotificationPolicy): Promise<void> {
  const policies = api.notificationPolicies;
  await policies.put(tree);
  await policies.reset();
  await policies.put(tree, { disableProvenance: true });
}
