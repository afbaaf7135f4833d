/**
 * Org users and teams, read to turn the names users write in specs (a login, an e-mail, a team
 * name) into the numeric ids Grafana's permission APIs take.
 */
import type { GrafanaHttpClient } from './http.js';

/** `org.OrgUserDTO` from `GET /api/org/users`; service accounts are never in it. */
export interface GrafanaOrgUser {
  orgId: number;
  userId: number;
  uid?: string;
  email: string;
  name: string;
  avatarUrl?: string;
  login: string;
  role: string;
  lastSeenAt?: string;
  lastSeenAtAge?: string;
  isDisabled?: boolean;
  isExternallySynced?: boolean;
  authLabels?: string[] | null;
}

/** `team.TeamDTO` from `GET /api/teams/search`. */
export interface GrafanaTeam {
  id: number;
  uid?: string;
  orgId: number;
  name: string;
  email: string;
  avatarUrl?: string;
  memberCount: number;
  permission?: number;
}

export interface GrafanaTeamSearchResult {
  totalCount: number;
  teams: GrafanaTeam[];
  page: number;
  perPage: number;
}

const TEAM_PAGE_SIZE = 1000;

export class OrgUsersApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** Every user of the org; `query` narrows to logins, e-mails and names containing it. */
  async list(query?: string): Promise<GrafanaOrgUser[]> {
    const response = await this.http.request<GrafanaOrgUser[]>({
      method: 'GET',
      route: '/api/org/users',
      query: { query },
    });
    return response.body ?? [];
  }
}

export class TeamsApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** Every team of the org, following pages; `name` keeps only the team with exactly that name. */
  async list(options: { name?: string } = {}): Promise<GrafanaTeam[]> {
    const teams: GrafanaTeam[] = [];
    for (let page = 1; ; page++) {
      const response = await this.http.request<GrafanaTeamSearchResult>({
        method: 'GET',
        route: '/api/teams/search',
        query: { perpage: TEAM_PAGE_SIZE, page, name: options.name },
      });
      const batch = response.body?.teams ?? [];
      teams.push(...batch);
      if (batch.length < TEAM_PAGE_SIZE) return teams;
    }
  }
}
