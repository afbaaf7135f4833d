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

/** One `serviceaccounts.ServiceAccountDTO` of `GET /api/serviceaccounts/search` (§14.4). */
export interface GrafanaOrgServiceAccount {
  id: number;
  uid?: string;
  name: string;
  login: string;
  orgId: number;
  role: string;
  isDisabled?: boolean;
}

/** Grafana's page size when `perpage` is not given, and the largest the operator asks for. */
const SERVICE_ACCOUNT_PAGE = 1000;

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

  /** Every service account of the org, page by page. */
  async serviceAccounts(): Promise<GrafanaOrgServiceAccount[]> {
    const all: GrafanaOrgServiceAccount[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.http.call<{
        totalCount: number;
        serviceAccounts: GrafanaOrgServiceAccount[] | null;
      }>({
        method: 'GET',
        route: '/api/serviceaccounts/search',
        query: { perpage: SERVICE_ACCOUNT_PAGE, page },
      });
      const accounts = answer.serviceAccounts ?? [];
      all.push(...accounts);
      if (accounts.length < SERVICE_ACCOUNT_PAGE || all.length >= answer.totalCount) return all;
    }
  }
}
