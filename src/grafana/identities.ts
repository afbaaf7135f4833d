/**
 * Org users and teams, read to turn the names users write in specs (a login, an e-mail, a team
 * name) into the numeric ids Grafana's permission APIs take.
 */
import type { GrafanaHttpClient } from './http.js';
import { collectPages } from './pages.js';

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
    return (
      (await this.http.call<GrafanaOrgUser[] | null>({
        method: 'GET',
        route: '/api/org/users',
        query: { query },
      })) ?? []
    );
  }
}

export class TeamsApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** Every team of the org, following pages; `name` keeps only the team with exactly that name. */
  async list(options: { name?: string } = {}): Promise<GrafanaTeam[]> {
    return collectPages(TEAM_PAGE_SIZE, async (page) => {
      const result = await this.http.call<GrafanaTeamSearchResult | undefined>({
        method: 'GET',
        route: '/api/teams/search',
        query: { perpage: TEAM_PAGE_SIZE, page, name: options.name },
      });
      return result?.teams;
    });
  }
}
