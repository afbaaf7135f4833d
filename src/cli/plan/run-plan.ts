/**
 * `plan`'s work: the cluster's access from KUBECONFIG, the custom resources from the files (or
 * the cluster), the plan, its rendering and exit code.
 */
import { GrafanaInstanceResource } from '../../api/generated/index.js';
import { KubeApiError } from '../../runtime/kube/errors.js';
import { loadClusterAccess } from '../../runtime/kube/kubeconfig.js';
import type { AnyObject } from '../../sync/object-kind.js';
import { CliError, ExitCode } from '../exit.js';
import { readManifests } from '../manifests.js';
import { hasPendingChanges, isIncomplete, type Plan } from './model.js';
import { PlanKube } from './plan-kube.js';
import { makePlan } from './planner.js';
import { renderJson, renderText } from './render.js';

export interface PlanOptions {
  filename?: string;
  namespace?: string;
  output: 'text' | 'json';
}

/** Writes the plan on `stdout`; returns the exit code: changesPending when it writes anything. */
export async function runPlan(
  options: PlanOptions,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  const access = await loadClusterAccess().catch((err: Error) => {
    throw new CliError(`cannot reach the cluster: ${err.message}`);
  });
  const namespace = options.namespace ?? access.namespace ?? 'default';
  const files = options.filename ? await ourObjects(options.filename, namespace, stderr) : undefined;
  const kube = new PlanKube(access);
  let plan: Plan;
  try {
    plan = await makePlan({ kube, namespace, ...(files ? { files } : {}) });
  } catch (err) {
    if (err instanceof KubeApiError) throw new CliError(`the cluster refused a read: ${err.message}`);
    // A system error (ECONNREFUSED, ENOTFOUND, a certificate): the apiserver was not reached.
    if (err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string')
      throw new CliError(`cannot reach the cluster: ${err.message}`);
    throw err;
  } finally {
    kube.close();
  }
  stdout.write(options.output === 'json' ? renderJson(plan) : renderText(plan));
  if (isIncomplete(plan)) return ExitCode.error;
  return hasPendingChanges(plan) ? ExitCode.changesPending : ExitCode.ok;
}

/** The files' custom resources of this operator, in `namespace`; others are named on stderr and left out. */
async function ourObjects(
  path: string,
  namespace: string,
  stderr: NodeJS.WritableStream,
): Promise<AnyObject[]> {
  const group = GrafanaInstanceResource.group;
  const objects: AnyObject[] = [];
  for (const { manifest, source } of await readManifests(path)) {
    const where = `${source ?? path}: ${manifest.kind}/${manifest.metadata?.name}`;
    if (!manifest.apiVersion?.startsWith(`${group}/`)) {
      stderr.write(
        `${where}: not planned (only ${group} objects are; Secrets and ConfigMaps are read from the cluster)\n`,
      );
      continue;
    }
    const inNamespace = manifest.metadata.namespace ?? namespace;
    if (inNamespace !== namespace)
      throw new CliError(
        `${where} is in namespace ${inNamespace}; this plan is for namespace ${namespace} (--namespace)`,
      );
    objects.push({ ...manifest, metadata: { ...manifest.metadata, namespace } } as unknown as AnyObject);
  }
  return objects;
}
