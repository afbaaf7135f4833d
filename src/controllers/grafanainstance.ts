import {
  GrafanaInstanceResource,
  grafanaInstanceSpecSchema,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
  type GrafanaInstanceStatus,
} from '../api/generated/index.js';
import {
  actingOrg,
  loginOf,
  NotOrgMemberError,
  OrgNotFoundError,
  resolveOrg,
} from '../instances/identity.js';
import { InstanceDependencyNotReadyError } from '../instances/not-ready.js';
import { orgOfOrganization } from '../instances/organization-ref.js';
import { rethrowUnlessTokenPending } from '../instances/token-secret.js';
import { parseDuration } from '../lib/duration.js';
import type { KindAdapter, Outcome, ReadyState, ReconcileContext } from '../runtime/reconciler.js';
import type { GrafanaClients } from '../sync/grafana-clients.js';
import { readyStateForError } from '../sync/grafana-errors.js';
import { connectionFromSpec } from '../sync/instance-connection.js';
import type { InstanceDependants } from '../sync/instance-dependants.js';
import type { InstanceTargets } from '../sync/targets.js';

const DEFAULT_RESYNC_MS = 5 * 60_000;
/** How many waiting dependants the DeletionWaiting message names. */
const NAMED_DEPENDANTS = 10;

type Context = ReconcileContext<GrafanaInstance>;

/**
 * GrafanaInstance: checks that Grafana answers, that the credentials work, and which org they
 * act in. Nothing is written to Grafana through the instance itself, but its dependants write
 * through it: its deletion waits (in-use protection) until no object holds content through it
 * any more, so their own deletion can still remove that content.
 */
export function grafanaInstanceAdapter(
  clients: GrafanaClients,
  targets: InstanceTargets,
  dependants: InstanceDependants,
): KindAdapter<GrafanaInstanceSpec, GrafanaInstanceStatus, GrafanaInstance> {
  return {
    resource: GrafanaInstanceResource,
    specSchema: grafanaInstanceSpecSchema,
    finalizes: true,
    forget: (key) => {
      clients.forget(key);
      targets.forget(key);
    },

    async finalize(context: Context): Promise<Outcome<GrafanaInstanceStatus> | void> {
      const { object, namespace } = context;
      const holding = await dependants.holding(namespace, object.metadata?.name ?? '');
      if (holding.length === 0) return;
      const named = holding.slice(0, NAMED_DEPENDANTS).join(', ');
      const more = holding.length > NAMED_DEPENDANTS ? ` and ${holding.length - NAMED_DEPENDANTS} more` : '';
      // The status keeps the org: the dependants still remove their content through it.
      const { conditions: _c, observedGeneration: _g, ...kept } = object.status ?? {};
      return {
        ready: {
          status: 'False',
          reason: 'DeletionWaiting',
          message: `waiting for the objects that hold content in Grafana through this instance (${named}${more}): it goes once each is deleted, stops selecting it, or sets spec.deletionPolicy: Orphan`,
        },
        status: kept,
      };
    },

    reconcile: (context: Context) => checkInstance(clients, context),

    classifyError(error: unknown): Outcome<GrafanaInstanceStatus> | undefined {
      const ready = instanceFailure(error);
      return ready && { ready, status: {} };
    },
  };
}

/**
 * Checks that the instance's Grafana answers, that its credentials work, and which org they act
 * in: only reads. The reconcile reports it; `plan` checks the instances it plans for with it.
 */
export async function checkInstance(
  clients: GrafanaClients,
  context: Pick<Context, 'object' | 'key' | 'kube' | 'secrets' | 'namespace'>,
): Promise<Outcome<GrafanaInstanceStatus>> {
  const { spec } = context.object;
  // observe
  const connection = await connectionFromSpec(spec, context.secrets).catch((error: unknown) =>
    rethrowUnlessTokenPending(context.kube, context.namespace, error),
  );
  const grafana = clients.forInstance(context.key, connection);
  const health = await grafana.health.check();
  const ref = spec.org?.organizationRef;
  // An org a GrafanaOrganization made: waited for until it has one on this server.
  const orgId = ref
    ? await orgOfOrganization(context.kube, context.object, ref.name)
    : await resolveOrg(grafana, spec);
  const scoped = orgId === undefined ? grafana : grafana.withOrg(orgId);
  const org = await actingOrg(scoped, spec);
  const login = await loginOf(scoped);
  const version = health.version ?? (await scoped.health.buildInfo()).version;
  // report
  return {
    ready: {
      status: 'True',
      reason: 'Connected',
      message: `Connected to Grafana ${version} as ${login} in org ${org.id} (${org.name})`,
    },
    status: { version, orgId: org.id },
    requeueAfterMs: parseDuration(spec.resyncPeriod) ?? DEFAULT_RESYNC_MS,
  };
}

/** Why an instance's check failed, as its Ready condition says it; undefined: unexpected. */
export function instanceFailure(error: unknown): ReadyState | undefined {
  if (
    error instanceof OrgNotFoundError ||
    error instanceof NotOrgMemberError ||
    error instanceof InstanceDependencyNotReadyError
  ) {
    return { status: 'False', reason: error.reason, message: error.message };
  }
  return readyStateForError(error);
}
