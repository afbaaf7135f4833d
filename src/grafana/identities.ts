/**
 * Org users, read to turn the names users write in specs (a login, an e-mail) into the numeric
 * ids Grafana's permission and team APIs take; and the org's service accounts, which Grafana keeps
 * as users, for the names permissions give them. Teams are in teams.ts.
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
