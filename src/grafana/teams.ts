/**
 * Teams of an org, their members and their preferences (`/api/teams`, contract §17): the calls
 * behind GrafanaTeam, and the team list folder permissions resolve team names with.
 */
import { alreadyExistsOn, GrafanaAlreadyExistsError, GrafanaApiError } from './errors.js';
import type { GrafanaHttpClient } from './http.js';
import { collectPages } from './pages.js';

/** `team.TeamDTO` from `GET /api/teams/search` and `GET /api/teams/:id`. */
export interface GrafanaTeam {
  /** Absent from search hits when the `kubernetesTeamsRedirect` toggle is on (§17.2). */
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

/** `team.TeamMemberDTO` from `GET /api/teams/:id/members`. */
export interface GrafanaTeamMember {
  orgId: number;
  teamId: number;
  userId: number;
  email: string;
  name: string;
  login: string;
  /** 0 a member, 4 a team admin (`team.PermissionType`). */
  permission: number;
}

/** Grafana's team permission levels (`team.PermissionType`, §17.3). */
export const TEAM_PERMISSION = { Member: 0, Admin: 4 } as const;

/** `preferences.Spec` as `GET /api/teams/:id/preferences` answers it: a field not set is absent (§17.4). */
export interface GrafanaTeamPreferences {
  theme?: string;
  homeDashboardUID?: string;
  timezone?: string;
  weekStart?: string;
  language?: string;
}

/** What the operator sends with `PUT /api/teams/:id/preferences`, which replaces every field (§17.4). */
export interface TeamPreferencesInput {
  theme: string;
  homeDashboardUID: string;
  timezone: string;
  weekStart: string;
}

/** `POST /api/teams`: `uid` only from the releases whose handler sends it (§17.1). */
export interface CreatedTeam {
  teamId: number;
  uid?: string;
}

/** How a path names a team: its id, or its uid where the id is not known (§17.2). */
export type TeamRef = number | string;

const TEAM_PAGE_SIZE = 1000;
const TEAM = '/api/teams/:teamId';
const MEMBER = `${TEAM}/members/:userId`;

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

  async get(teamId: TeamRef): Promise<GrafanaTeam> {
    return this.http.call<GrafanaTeam>({ method: 'GET', route: TEAM, params: { teamId } });
  }

  /** @throws GrafanaAlreadyExistsError when the org has a team with that name (409). */
  async create(team: { name: string; email: string }): Promise<CreatedTeam> {
    return alreadyExistsOn(
      [409],
      this.http.call<CreatedTeam>({ method: 'POST', route: '/api/teams', body: team }),
    );
  }

  /**
   * Renames and sets the e-mail.
   * @throws GrafanaAlreadyExistsError when another team has the name (a 400 "Team name taken", §17.1).
   */
  async update(teamId: TeamRef, team: { name: string; email: string }): Promise<void> {
    try {
      await this.http.call<unknown>({ method: 'PUT', route: TEAM, params: { teamId }, body: team });
    } catch (err) {
      if (err instanceof GrafanaApiError && err.status === 400 && err.grafanaMessage === 'Team name taken')
        throw new GrafanaAlreadyExistsError(err);
      throw err;
    }
  }

  async delete(teamId: TeamRef): Promise<void> {
    await this.http.call<unknown>({ method: 'DELETE', route: TEAM, params: { teamId } });
  }

  async members(teamId: TeamRef): Promise<GrafanaTeamMember[]> {
    return (
      (await this.http.call<GrafanaTeamMember[] | null>({
        method: 'GET',
        route: `${TEAM}/members`,
        params: { teamId },
      })) ?? []
    );
  }

  /** Adds a user as a member (permission 0; a POST cannot make an admin, §17.3). */
  async addMember(teamId: TeamRef, userId: number): Promise<void> {
    await this.http.call<unknown>({
      method: 'POST',
      route: `${TEAM}/members`,
      params: { teamId },
      body: { userId },
    });
  }

  /** Makes a member an admin (4) or a plain member (0). */
  async setMemberPermission(teamId: TeamRef, userId: number, permission: number): Promise<void> {
    await this.http.call<unknown>({
      method: 'PUT',
      route: MEMBER,
      params: { teamId, userId },
      body: { permission },
    });
  }

  async removeMember(teamId: TeamRef, userId: number): Promise<void> {
    await this.http.call<unknown>({ method: 'DELETE', route: MEMBER, params: { teamId, userId } });
  }

  async preferences(teamId: TeamRef): Promise<GrafanaTeamPreferences> {
    return (
      (await this.http.call<GrafanaTeamPreferences | null>({
        method: 'GET',
        route: `${TEAM}/preferences`,
        params: { teamId },
      })) ?? {}
    );
  }

  async setPreferences(teamId: TeamRef, preferences: TeamPreferencesInput): Promise<void> {
    await this.http.call<unknown>({
      method: 'PUT',
      route: `${TEAM}/preferences`,
      params: { teamId },
      body: preferences,
    });
  }
}

/** What a path names `team` by: its id, else (a search hit without one, §17.2) its uid. */
export function teamRef(team: Pick<GrafanaTeam, 'id' | 'uid'>): TeamRef {
  return team.id || team.uid || 0;
}

/** The key a team is known by across calls: its uid, else its id (as a string). */
export function teamKey(team: Pick<GrafanaTeam, 'id' | 'uid'>): string {
  return team.uid || String(team.id);
}
