/**
 * The GrafanaInstances a plan writes through: those of the namespace in the cluster, replaced or
 * joined by those in the files, each checked as its controller checks it (checkInstance: only
 * reads), with its credentials from the cluster's Secrets.
 */
import type { GrafanaInstance } from '../../api/generated/index.js';
import { checkInstance, instanceFailure } from '../../controllers/grafanainstance.js';
import { SecretReader } from '../../runtime/secrets.js';
import type { GrafanaClients } from '../../sync/grafana-clients.js';
import type { PlannedInstance } from './model.js';
import type { PlanKube } from './plan-kube.js';

/** `instance` with the status its check gives it now (Ready, org, version), and that check. */
export async function checkedInstance(
  kube: PlanKube,
  clients: GrafanaClients,
  instance: GrafanaInstance,
): Promise<{ instance: GrafanaInstance; planned: PlannedInstance }> {
  const namespace = instance.metadata?.namespace ?? '';
  const name = instance.metadata?.name ?? '';
  const context = {
    object: instance,
    namespace,
    key: `${namespace}/${name}`,
    kube,
    secrets: new SecretReader(kube, namespace),
  };
  let ready;
  let status: GrafanaInstance['status'] = {};
  try {
    const outcome = await checkInstance(clients, context);
    ready = outcome.ready;
    status = outcome.status ?? {};
  } catch (err) {
    const failure = instanceFailure(err);
    if (!failure) throw err;
    ready = failure;
  }
  const condition = { type: 'Ready', lastTransitionTime: new Date().toISOString(), ...ready };
  return {
    instance: { ...instance, status: { ...status, conditions: [condition] } },
    planned: {
      name,
      url: instance.spec.url,
      ...(status.orgId !== undefined ? { orgId: status.orgId } : {}),
      ready: ready.status === 'True',
      message: ready.message,
    },
  };
}
