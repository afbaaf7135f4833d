/**
 * The org's teams and service accounts, one list each per org (snapshot.ts): the GrafanaTeam and
 * GrafanaServiceAccount kinds read and keep them (the sync layer puts what they write into them),
 * and permissions resolve team and service-account names from the same lists, so a team this
 * operator just made is found at once, whatever the lists' age.
 */
import {
  teamKey,
  type GrafanaServiceAccount as GrafanaServiceAccountDto,
  type GrafanaTeam as GrafanaTeamDto,
} from '../grafana/index.js';
import { kindList } from '../sync/kind-list.js';

/** The org's teams (`GET /api/teams/search`), by uid. */
export const teamList = kindList<GrafanaTeamDto>({
  name: 'teams',
  load: (target) => target.api.teams.list(),
  key: teamKey,
});

/** The org's service accounts (`GET /api/serviceaccounts/search`), by id. */
export const serviceAccountList = kindList<GrafanaServiceAccountDto>({
  name: 'service-accounts',
  load: (target) => target.api.serviceAccounts.list(),
  key: (account) => String(account.id),
});
