/**
 * Who a GrafanaInstance's credentials are in Grafana and which org they act in, with the words a
 * user needs when the answer is "none" (contract §1, §2).
 */
import type { GrafanaInstanceSpec } from '../api/generated/index.js';
import {
  GrafanaForbiddenError,
  GrafanaNotFoundError,
  GrafanaUnauthorizedError,
  type GrafanaApi,
  type GrafanaOrg,
} from '../grafana/index.js';

/**
 * An org name needs the server-admin org API (a token is bound to its own org, contract §1.1);
 * an id is used as given, and Grafana itself rejects a token asked for a foreign org (401).
 */
export async function resolveOrg(
  grafana: GrafanaApi,
  spec: GrafanaInstanceSpec,
): Promise<number | undefined> {
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

/**
 * The org the credentials act in, from `GET /api/org`, which works for users and tokens on every
 * version (§2.5) and needs a role in that org: a user who is not a member is still signed in there
 * by Grafana, without a role, so every later call would be refused (§1.2). A token refused with
 * 401 and no org named may belong to another org than 1, which Grafana 13 only finds when the
 * request names it (§1.2).
 */
export async function actingOrg(grafana: GrafanaApi, spec: GrafanaInstanceSpec): Promise<GrafanaOrg> {
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
export async function loginOf(grafana: GrafanaApi): Promise<string> {
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

export class OrgNotFoundError extends Error {
  readonly reason = 'OrgNotFound';

  constructor(orgName: string, hint?: string) {
    super(`Grafana org "${orgName}" not found${hint ? `: ${hint}` : ''}`);
    this.name = 'OrgNotFoundError';
  }
}
