/**
 * Changes made in Grafana by hand, the way its UI or another tool makes them: through Grafana's
 * HTTP API as the server admin, straight to Grafana (so they are not in the operator's request
 * log). The same calls work against the double and a real Grafana (GRAFANA_URL). Alerting objects
 * are edited with `X-Disable-Provenance`, which keeps provenance none as a UI edit does and, like
 * the UI, is refused for objects that carry a provenance (docs/grafana-api.md §8.9).
 */
import { authorizationHeader } from '../../src/grafana/connection.js';
import type { GrafanaUnderTest } from './grafana.js';

type Json = Record<string, unknown>;

const NO_PROVENANCE = { 'X-Disable-Provenance': 'true' };

export class GrafanaEdits {
  constructor(
    private readonly grafana: GrafanaUnderTest,
    /** The org the edits are made in (X-Grafana-Org-Id). */
    private readonly orgId = 1,
  ) {}

  /** Another org of the same Grafana. */
  inOrg(orgId: number): GrafanaEdits {
    return new GrafanaEdits(this.grafana, orgId);
  }

  /** The folder settings page: `PUT /api/folders/:uid` with the version read (§4). */
  async renameFolder(uid: string, title: string): Promise<void> {
    const current = await this.call<{ version: number }>('GET', `/api/folders/${uid}`);
    await this.call('PUT', `/api/folders/${uid}`, { title, version: current.version });
  }

  /** The datasource settings page: the whole datasource back with the fields changed (§5.5). */
  async editDatasource(uid: string, changes: Json): Promise<void> {
    const current = await this.call<Json>('GET', `/api/datasources/uid/${uid}`);
    await this.call('PUT', `/api/datasources/uid/${uid}`, { ...current, ...changes });
  }

  /**
   * "Save dashboard" in the UI: `POST /api/dashboards/db` with the loaded model, its version and
   * folder, no overwrite (§6.1). Answers the saved version.
   */
  async editDashboard(uid: string, edit: (dashboard: Json) => void): Promise<{ version: number }> {
    const current = await this.call<{ dashboard: Json; meta: { folderUid?: string } }>(
      'GET',
      `/api/dashboards/uid/${uid}`,
    );
    const dashboard = structuredClone(current.dashboard);
    edit(dashboard);
    return this.call<{ version: number }>('POST', '/api/dashboards/db', {
      dashboard,
      folderUid: current.meta.folderUid ?? '',
      message: 'edited by hand',
      overwrite: false,
    });
  }

  /** The library panel editor: `PATCH /api/library-elements/:uid` with the version read (§7). */
  async editLibraryPanel(uid: string, model: Json): Promise<void> {
    const { result } = await this.call<{ result: Json }>('GET', `/api/library-elements/${uid}`);
    await this.call('PATCH', `/api/library-elements/${uid}`, {
      name: result.name,
      folderUid: result.folderUid,
      kind: result.kind,
      version: result.version,
      model,
    });
  }

  async editAlertRule(uid: string, changes: Json): Promise<void> {
    const path = `/api/v1/provisioning/alert-rules/${uid}`;
    const current = await this.call<Json>('GET', path);
    await this.call('PUT', path, { ...current, ...changes }, NO_PROVENANCE);
  }

  async editContactPoint(uid: string, changes: Json): Promise<void> {
    const all = await this.call<Json[]>('GET', '/api/v1/provisioning/contact-points');
    const current = all.find((cp) => cp.uid === uid);
    if (current === undefined) throw new Error(`contact point ${uid} not found in org ${this.orgId}`);
    await this.call(
      'PUT',
      `/api/v1/provisioning/contact-points/${uid}`,
      { ...current, ...changes },
      NO_PROVENANCE,
    );
  }

  async editTemplate(name: string, template: string): Promise<void> {
    const path = `/api/v1/provisioning/templates/${encodeURIComponent(name)}`;
    const current = await this.call<Json>('GET', path);
    await this.call('PUT', path, { ...current, template }, NO_PROVENANCE);
  }

  async editMuteTiming(name: string, timeIntervals: unknown[]): Promise<void> {
    const path = `/api/v1/provisioning/mute-timings/${encodeURIComponent(name)}`;
    const current = await this.call<Json>('GET', path);
    await this.call('PUT', path, { ...current, time_intervals: timeIntervals }, NO_PROVENANCE);
  }

  /** The notification policies page saves the whole tree. */
  async editPolicyTree(route: Json): Promise<void> {
    await this.call('PUT', '/api/v1/provisioning/policies', route, NO_PROVENANCE);
  }

  /** Server admin → Users → New user: `POST /api/admin/users`, a member of this org (§3). */
  async createUser(login: string, email: string, password = 'e2e-password-not-secret'): Promise<number> {
    const created = await this.call<{ id: number }>('POST', '/api/admin/users', {
      login,
      email,
      password,
      orgId: this.orgId,
    });
    return created.id;
  }

  /** Server admin → Users → Delete user (§3.1). */
  async deleteUser(userId: number): Promise<void> {
    await this.call('DELETE', `/api/admin/users/${userId}`);
  }

  /**
   * Administration → Service accounts → Add, then Add token (§3.1): a machine identity of this
   * org. `login` is the name Grafana gives it (`sa-<orgId>-<name>`).
   */
  async createServiceAccountToken(
    name: string,
    role: 'Viewer' | 'Editor' | 'Admin' = 'Admin',
  ): Promise<{ id: number; login: string; token: string }> {
    const account = await this.call<{ id: number; login: string }>('POST', '/api/serviceaccounts', {
      name,
      role,
    });
    const { key } = await this.call<{ key: string }>('POST', `/api/serviceaccounts/${account.id}/tokens`, {
      name,
    });
    return { id: account.id, login: account.login, token: key };
  }

  /** Administration → Service accounts → Add (§3.1): answers its id. */
  async createServiceAccount(name: string, role: 'Viewer' | 'Editor' | 'Admin' = 'Viewer'): Promise<number> {
    return (await this.call<{ id: number }>('POST', '/api/serviceaccounts', { name, role })).id;
  }

  /** A service account's page: its role or disabled flag changed (§18.1). */
  async editServiceAccount(id: number, change: { role?: string; isDisabled?: boolean }): Promise<void> {
    await this.call('PATCH', `/api/serviceaccounts/${id}`, change);
  }

  /** A service account's page: one of its tokens deleted (§18.2). */
  async deleteServiceAccountToken(id: number, tokenId: number): Promise<void> {
    await this.call('DELETE', `/api/serviceaccounts/${id}/tokens/${tokenId}`);
  }

  /** Deletes a service account of this org with its tokens (§3.1). */
  async deleteServiceAccount(id: number): Promise<void> {
    await this.call('DELETE', `/api/serviceaccounts/${id}`);
  }

  /** Teams → New team (§17.1): the admin who creates it becomes its admin. Answers its id. */
  async createTeam(name: string, email = ''): Promise<number> {
    return (await this.call<{ teamId: number }>('POST', '/api/teams', { name, email })).teamId;
  }

  /** Teams → the team's settings: name and e-mail (`PUT /api/teams/:id`, §17.1). */
  async editTeam(name: string, changes: { name?: string; email?: string }): Promise<void> {
    const team = await this.team(name);
    await this.call('PUT', `/api/teams/${team.id}`, { name: team.name, email: team.email, ...changes });
  }

  /** Teams → the team's members: add a user (`POST`), then make it admin if asked (`PUT`, §17.3). */
  async addTeamMember(teamName: string, userId: number, admin = false): Promise<void> {
    const { id } = await this.team(teamName);
    await this.call('POST', `/api/teams/${id}/members`, { userId });
    if (admin) await this.call('PUT', `/api/teams/${id}/members/${userId}`, { permission: 4 });
  }

  /** Teams → the team's members: remove the user with this login (§17.3). */
  async removeTeamMember(teamName: string, login: string): Promise<void> {
    const { id } = await this.team(teamName);
    const members = await this.call<Array<{ userId: number; login: string }>>(
      'GET',
      `/api/teams/${id}/members`,
    );
    const member = members.find((m) => m.login === login);
    if (member === undefined) throw new Error(`${login} is not a member of team ${teamName}`);
    await this.call('DELETE', `/api/teams/${id}/members/${member.userId}`);
  }

  /** Teams → the team's settings → Preferences (`PUT`, which replaces them all, §17.4). */
  async editTeamPreferences(teamName: string, preferences: Json): Promise<void> {
    const { id } = await this.team(teamName);
    await this.call('PUT', `/api/teams/${id}/preferences`, preferences);
  }

  private async team(name: string): Promise<{ id: number; name: string; email: string }> {
    const found = await this.call<{ teams: Array<{ id: number; name: string; email: string }> }>(
      'GET',
      `/api/teams/search?name=${encodeURIComponent(name)}`,
    );
    const team = found.teams[0];
    if (team === undefined) throw new Error(`no team ${name} in org ${this.orgId}`);
    return team;
  }

  /** Server admin → Organizations → New org (§3); the admin becomes its Admin. Answers its id. */
  async createOrg(name: string): Promise<number> {
    return (await this.call<{ orgId: number }>('POST', '/api/orgs', { name })).orgId;
  }

  /** The id of the org named `name`, or undefined (`GET /api/orgs/name/:name`, §3). */
  async findOrg(name: string): Promise<number | undefined> {
    const found = await this.call<Array<{ id: number; name: string }>>(
      'GET',
      `/api/orgs?name=${encodeURIComponent(name)}`,
    );
    return found[0]?.id;
  }

  /**
   * Server admin → re-read the alerting provisioning files: `POST
   * /api/admin/provisioning/alerting/reload` (§8.12). Grafana answers a bare 500 when a file fails.
   */
  async reloadAlertingProvisioning(): Promise<void> {
    await this.call('POST', '/api/admin/provisioning/alerting/reload');
  }

  /** Server admin → Users → the user → Grafana Admin: yes (`PUT /api/admin/users/:id/permissions`, §19.1). */
  async makeServerAdmin(userId: number): Promise<void> {
    await this.call('PUT', `/api/admin/users/${userId}/permissions`, { isGrafanaAdmin: true });
  }

  /** Server admin → Organizations → the org → its users (`GET /api/orgs/:orgId/users`, §19.2). */
  async orgUsers(
    orgId: number,
  ): Promise<Array<{ userId: number; login: string; email: string; role: string }>> {
    return this.call('GET', `/api/orgs/${orgId}/users`);
  }

  /** Server admin → Organizations → the org → a user's role (`PATCH`, §19.2). */
  async setOrgRole(orgId: number, login: string, role: string): Promise<void> {
    await this.call('PATCH', `/api/orgs/${orgId}/users/${await this.orgUserId(orgId, login)}`, { role });
  }

  /** Server admin → Organizations → the org → remove a user (`DELETE`, §19.2). */
  async removeOrgUser(orgId: number, login: string): Promise<void> {
    await this.call('DELETE', `/api/orgs/${orgId}/users/${await this.orgUserId(orgId, login)}`);
  }

  /** Server admin → Organizations → the org → its name (`PUT /api/orgs/:orgId`, §3). */
  async renameOrg(orgId: number, name: string): Promise<void> {
    await this.call('PUT', `/api/orgs/${orgId}`, { name });
  }

  /** Administration → Default preferences of this org (`GET`/`PUT /api/org/preferences`, §19.3). */
  async orgPreferences(): Promise<Json> {
    return this.call('GET', '/api/org/preferences');
  }

  async setOrgPreferences(preferences: Json): Promise<void> {
    await this.call('PUT', '/api/org/preferences', preferences);
  }

  private async orgUserId(orgId: number, login: string): Promise<number> {
    const user = (await this.orgUsers(orgId)).find((u) => u.login === login);
    if (user === undefined) throw new Error(`${login} is not a user of org ${orgId}`);
    return user.userId;
  }

  /** Deletes an org made by `createOrg`, with everything in it. */
  async deleteOrg(orgId: number): Promise<void> {
    await this.call('DELETE', `/api/orgs/${orgId}`);
  }

  private async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const { url, admin } = this.grafana.direct;
    const authorization = authorizationHeader({ kind: 'basic', ...admin });
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization,
        accept: 'application/json',
        'x-grafana-org-id': String(this.orgId),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} by hand: ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

/** Edits by hand in org 1 of the Grafana a test runs against. */
export const editsIn = (grafana: GrafanaUnderTest): GrafanaEdits => new GrafanaEdits(grafana);
