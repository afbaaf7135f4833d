import {
  GrafanaInstanceResource,
  grafanaInstanceSpecSchema,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
  type GrafanaInstanceStatus,
} from '../api/generated/index.js';
import {
  GrafanaForbiddenError,
  GrafanaNotFoundError,
  GrafanaUnauthorizedError,
  type GrafanaApi,
  type GrafanaOrg,
} from '../grafana/index.js';
import { parseDuration } from '../lib/duration.js';
import type { KindAdapter, Outcome, ReconcileContext } from '../runtime/reconciler.js';
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

    async reconcile(context: Context): Promise<Outcome<GrafanaInstanceStatus>> {
      const { spec } = context.object;
      // observe
      const connection = await connectionFromSpec(spec, context.secrets);
      const grafana = clients.forInstance(context.key, connection);
      const health = await grafana.health.check();
      const orgId = await resolveOrg(grafana, spec);
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
    },

    classifyError(error: unknown): Outcome<GrafanaInstanceStatus> | undefined {
      if (error instanceof OrgNotFoundError || error instanceof NotOrgMemberError) {
        return { ready: { status: 'False', reason: error.reason, message: error.message }, status: {} };
      }
      const ready = readyStateForError(error);
      return ready && { ready, status: {} };
    },
  };
}

/**
 * The org the credentials act in, from `GET /api/org`, which works for users and tokens on every
 * version (§2.5) and needs a role in that org: a user who is not a member is still signed in there
 * by Grafana, without a role, so every later call would be refused (§1.2). A token refused with
 * 401 and no org named may belong to another org than 1, which Grafana 13 only finds when the
 * request names it (§1.2).
 */
async function actingOrg(grafana: GrafanaApi, spec: GrafanaInstanceSpec): Promise<GrafanaOrg> {
  try {
    return await grafana.orgs.current();
  } catch (err) {
    if (err instanceof GrafanaForbiddenError) {
      throw new NotOrgMemberError(
        spec.auth.basic
          ? `the Grafana user has no role in org ${spec.org?.id ?? spec.org?.name ?? '(its default)'}: add it to that org, or choose one it belongs to`
          : `the service account has no role that may read its org (orgs:read): give it the Viewer role or higher`,
      );
    }
    if (err instanceof GrafanaUnauthorizedError && spec.auth.token && spec.org === undefined) {
      throw new GrafanaUnauthorizedError(
        {
          ...err,
          grafanaMessage: `${err.grafanaMessage}; if the token belongs to an org other than 1, set spec.org.id: Grafana 13 looks tokens up in the org a request names (org 1 when none)`,
        },
        { cause: err },
      );
    }
    throw err;
  }
}

/**
 * Who the credentials are, for the status message only: 10.3–11.1 builds answer `/api/user` with
 * 403 for service accounts (§2.3).
 */
async function loginOf(grafana: GrafanaApi): Promise<string> {
  try {
    return (await grafana.health.currentUser()).login;
  } catch (err) {
    if (err instanceof GrafanaForbiddenError) return 'a service account';
    throw err;
  }
}

/** The credentials work but have no role in the org they are asked to act in. */
export class NotOrgMemberError extends Error {
  readonly reason = 'NotOrgMember';

  constructor(message: string) {
    super(message);
    this.name = 'NotOrgMemberError';
  }
}

/**
 * An org name needs the server-admin org API (a token is bound to its own org, contract §1.1);
 * an id is used as given, and Grafana itself rejects a token asked for a foreign org (401).
 */
async function resolveOrg(grafana: GrafanaApi, spec: GrafanaInstanceSpec): Promise<number | undefined> {
  if (spec.org?.id !== undefined) return spec.org.id;
  if (spec.org?.name === undefined) return undefined;
  try {
    return (await grafana.orgs.getByName(spec.org.name)).id;
  } catch (err) {
    if (err instanceof GrafanaNotFoundError) throw new OrgNotFoundError(spec.org.name);
    if (err instanceof GrafanaForbiddenError || (err as { status?: number }).status === 401) {
      throw new OrgNotFoundError(
        spec.org.name,
        'resolving an org by name needs a Grafana server-admin user (auth.basic); use org.id with a service-account token',
      );
    }
    throw err;
  }
}

export class OrgNotFoundError extends Error {
  readonly reason = 'OrgNotFound';

  constructor(orgName: string, hint?: string) {
    super(`Grafana org "${orgName}" not found${hint ? `: ${hint}` : ''}`);
    this.name = 'OrgNotFoundError';
  }
}
