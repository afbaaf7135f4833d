/**
 * What GrafanaOrganization writes besides the org itself (contract §19): its name (`PUT
 * /api/orgs/:orgId`), its users through the server-admin routes `/api/orgs/:orgId/users` (any org,
 * no org header needed), and its preferences through `/api/org/preferences`, which only acts in
 * the org a request runs in: call those on `GrafanaApi.withOrg(orgId)`.
 */
import { GrafanaAlreadyExistsError, GrafanaApiError, GrafanaValidationError } from './errors.js';
import type { GrafanaHttpClient } from './http.js';
import type { GrafanaOrgUser } from './identities.js';
import type { GrafanaTeamPreferences, TeamPreferencesInput } from './teams.js';

/** A basic role in an org; None (no basic role) since the `roletype` package (§19.2). */
export type GrafanaOrgRole = 'Viewer' | 'Editor' | 'Admin' | 'None';

/**
 * The starts of Grafana's two texts for a write refused by the last-admin rule (§19.2): "Cannot
 * remove last organization admin", "Cannot change role so that there is no organization admin
 * left". Only the starts, as the client scrubs credentials from messages (a password "admin").
 */
const LAST_ADMIN_MESSAGES = [
  'Cannot remove last organization ',
  'Cannot change role so that there is no organization ',
];

const ORG_USERS = '/api/orgs/:orgId/users';
const ORG_USER = `${ORG_USERS}/:userId`;

export class OrgMembersApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /**
   * Renames an org.
   * @throws GrafanaAlreadyExistsError when another org has the name (a 400 "Organization name taken", §3).
   */
  async rename(orgId: number, name: string): Promise<void> {
    try {
      await this.http.call<unknown>({
        method: 'PUT',
        route: '/api/orgs/:orgId',
        params: { orgId },
        body: { name },
      });
    } catch (err) {
      if (
        err instanceof GrafanaApiError &&
        err.status === 400 &&
        err.grafanaMessage === 'Organization name taken'
      )
        throw new GrafanaAlreadyExistsError(err);
      throw err;
    }
  }

  /** `DELETE /api/orgs/:orgId`: the org and everything in it; users stay (§3). */
  async delete(orgId: number): Promise<void> {
    await this.http.call<unknown>({ method: 'DELETE', route: '/api/orgs/:orgId', params: { orgId } });
  }

  /** Every user of the org (`GET /api/orgs/:orgId/users`, `OrgUserDTO`s). */
  async users(orgId: number): Promise<GrafanaOrgUser[]> {
    return (
      (await this.http.call<GrafanaOrgUser[] | null>({
        method: 'GET',
        route: ORG_USERS,
        params: { orgId },
      })) ?? []
    );
  }

  /** Adds a Grafana user, by login or e-mail, with a role. */
  async add(orgId: number, loginOrEmail: string, role: GrafanaOrgRole): Promise<void> {
    await this.http.call<unknown>({
      method: 'POST',
      route: ORG_USERS,
      params: { orgId },
      body: { loginOrEmail, role },
    });
  }

  /** @throws LastOrgAdminError when that would leave the org without an Admin. */
  async setRole(orgId: number, userId: number, role: GrafanaOrgRole): Promise<void> {
    await lastAdminGuard(
      this.http.call<unknown>({
        method: 'PATCH',
        route: ORG_USER,
        params: { orgId, userId },
        body: { role },
      }),
    );
  }

  /** Removes the user from the org (the user stays). @throws LastOrgAdminError for the last Admin. */
  async remove(orgId: number, userId: number): Promise<void> {
    await lastAdminGuard(
      this.http.call<unknown>({ method: 'DELETE', route: ORG_USER, params: { orgId, userId } }),
    );
  }

  /** The preferences of the org the request runs in (§19.3): absent fields are unset. */
  async preferences(): Promise<GrafanaTeamPreferences> {
    return (
      (await this.http.call<GrafanaTeamPreferences | null>({
        method: 'GET',
        route: '/api/org/preferences',
      })) ?? {}
    );
  }

  /** Replaces the preferences of the org the request runs in (a PUT clears what it leaves out). */
  async setPreferences(preferences: TeamPreferencesInput): Promise<void> {
    await this.http.call<unknown>({ method: 'PUT', route: '/api/org/preferences', body: preferences });
  }
}

/** Grafana refused to leave an org without an Admin (`org.ErrLastOrgAdmin`, a 400, §19.2). */
export class LastOrgAdminError extends GrafanaValidationError {
  constructor(original: GrafanaApiError) {
    super(original.toInit(), { cause: original });
  }
}

async function lastAdminGuard(pending: Promise<unknown>): Promise<void> {
  try {
    await pending;
  } catch (err) {
    if (
      err instanceof GrafanaApiError &&
      err.status === 400 &&
      LAST_ADMIN_MESSAGES.some((start) => err.grafanaMessage.startsWith(start))
    )
      throw new LastOrgAdminError(err);
    throw err;
  }
}
