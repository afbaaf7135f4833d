/**
 * One object per Grafana org scope that groups the typed API areas. Further areas (alerting
 * provisioning) join as more modules built on the same client.
 */
import { AlertRulesApi } from './alert-rules.js';
import { AppResourcesApi } from './app-resources.js';
import { ContactPointsApi } from './contact-points.js';
import { DashboardResourcesApi } from './dashboard-resources.js';
import { DashboardsApi } from './dashboards.js';
import { DataSourcesApi } from './datasources.js';
import { FolderResourcesApi } from './folder-resources.js';
import { DASHBOARD_PERMISSIONS_ROUTE, FolderPermissionsApi, FoldersApi } from './folders.js';
import { HealthApi } from './health.js';
import type { GrafanaHttpClient } from './http.js';
import { OrgUsersApi } from './identities.js';
import { LibraryPanelsApi } from './library-panels.js';
import { MuteTimingsApi } from './mute-timings.js';
import { NotificationPoliciesApi } from './notification-policies.js';
import { NotificationTemplatesApi } from './notification-templates.js';
import { OrgMembersApi } from './org-members.js';
import { OrgsApi } from './orgs.js';
import { PublicDashboardsApi } from './public-dashboards.js';
import { RepositoriesApi } from './repositories.js';
import { RuleGroupsApi } from './rule-groups.js';
import { SearchApi } from './search.js';
import { ServiceAccountsApi } from './service-accounts.js';
import { SilencesApi } from './silences.js';
import { TeamsApi } from './teams.js';

export class GrafanaApi {
  readonly health: HealthApi;
  readonly orgs: OrgsApi;
  /** An org's name, users and preferences, and its deletion (GrafanaOrganization). */
  readonly orgMembers: OrgMembersApi;
  readonly folders: FoldersApi;
  readonly folderPermissions: FolderPermissionsApi;
  /** `/api/dashboards/uid/:uid/permissions`: the folder permissions' calls and shapes (§6.10). */
  readonly dashboardPermissions: FolderPermissionsApi;
  /** Users of the org, to resolve the names permissions and team members use. */
  readonly orgUsers: OrgUsersApi;
  /** Teams, their members and preferences. */
  readonly teams: TeamsApi;
  /** Service accounts and their tokens. */
  readonly serviceAccounts: ServiceAccountsApi;
  readonly datasources: DataSourcesApi;
  readonly dashboards: DashboardsApi;
  /** A dashboard's public dashboard, shared by link (§6.12). */
  readonly publicDashboards: PublicDashboardsApi;
  /** The `/apis` dashboard group, for the one list with versions the classic API lacks. */
  readonly dashboardResources: DashboardResourcesApi;
  /** `/apis/folder.grafana.app`: the folder list read from storage (§4.7). */
  readonly folderResources: FolderResourcesApi;
  readonly search: SearchApi;
  readonly libraryPanels: LibraryPanelsApi;
  /** Alerting provisioning (`/api/v1/provisioning`, contract §8). */
  readonly alertRules: AlertRulesApi;
  readonly ruleGroups: RuleGroupsApi;
  readonly contactPoints: ContactPointsApi;
  readonly notificationPolicies: NotificationPoliciesApi;
  readonly notificationTemplates: NotificationTemplatesApi;
  readonly muteTimings: MuteTimingsApi;
  /** Silences of Grafana's built-in Alertmanager (contract §21). */
  readonly silences: SilencesApi;
  /** Git Sync repositories, `provisioning.grafana.app` (contract §22). */
  readonly repositories: RepositoriesApi;
  /** Any other app-platform resource, `/apis/<group>/<version>` (contract §24). */
  readonly appResources: AppResourcesApi;

  constructor(readonly http: GrafanaHttpClient) {
    this.health = new HealthApi(http);
    this.orgs = new OrgsApi(http);
    this.orgMembers = new OrgMembersApi(http);
    this.folders = new FoldersApi(http);
    this.folderPermissions = new FolderPermissionsApi(http);
    this.dashboardPermissions = new FolderPermissionsApi(http, DASHBOARD_PERMISSIONS_ROUTE);
    this.orgUsers = new OrgUsersApi(http);
    this.teams = new TeamsApi(http);
    this.serviceAccounts = new ServiceAccountsApi(http);
    this.datasources = new DataSourcesApi(http);
    this.dashboards = new DashboardsApi(http);
    this.publicDashboards = new PublicDashboardsApi(http);
    this.folderResources = new FolderResourcesApi(http);
    this.dashboardResources = new DashboardResourcesApi(http);
    this.search = new SearchApi(http);
    this.libraryPanels = new LibraryPanelsApi(http);
    this.alertRules = new AlertRulesApi(http);
    this.ruleGroups = new RuleGroupsApi(http);
    this.contactPoints = new ContactPointsApi(http);
    this.notificationPolicies = new NotificationPoliciesApi(http);
    this.notificationTemplates = new NotificationTemplatesApi(http);
    this.muteTimings = new MuteTimingsApi(http);
    this.silences = new SilencesApi(http);
    this.repositories = new RepositoriesApi(http);
    this.appResources = new AppResourcesApi(http);
  }

  /** The same Grafana seen from another org (`X-Grafana-Org-Id`), sharing connections. */
  withOrg(orgId: number): GrafanaApi {
    return new GrafanaApi(this.http.withOrg(orgId));
  }
}
