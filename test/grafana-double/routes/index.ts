/**
 * The API areas the double serves. A later area (alerting provisioning) is a new module file plus
 * one entry here, or `GrafanaDouble.use(module)`.
 */
import type { RouteModule } from '../router.js';
import { adminRoutes } from './admin.js';
import { alertingContactPointRoutes } from './alerting-contact-points.js';
import { alertingMuteTimingRoutes } from './alerting-mute-timings.js';
import { alertingPolicyRoutes } from './alerting-policies.js';
import { alertingRuleRoutes } from './alerting-rules.js';
import { alertingTemplateRoutes } from './alerting-templates.js';
import { dashboardApiRoutes } from './dashboard-apis.js';
import { dashboardRoutes } from './dashboards.js';
import { datasourceRoutes } from './datasources.js';
import { folderApiRoutes } from './folder-apis.js';
import { dashboardPermissionRoutes } from './dashboard-permissions.js';
import { folderPermissionRoutes } from './folder-permissions.js';
import { folderRoutes } from './folders.js';
import { healthRoutes } from './health.js';
import { libraryPanelRoutes } from './library-panels.js';
import { orgRoutes } from './orgs.js';
import { publicDashboardRoutes } from './public-dashboards.js';
import { searchRoutes } from './search.js';
import { repositoryRoutes } from './repositories.js';
import { appResourceRoutes } from './app-resources.js';
import { serviceAccountRoutes } from './service-accounts.js';
import { silenceRoutes } from './silences.js';
import { teamRoutes } from './teams.js';

export const defaultRouteModules: readonly RouteModule[] = [
  healthRoutes,
  orgRoutes,
  adminRoutes,
  folderRoutes,
  folderPermissionRoutes,
  dashboardPermissionRoutes,
  teamRoutes,
  folderApiRoutes,
  datasourceRoutes,
  dashboardRoutes,
  dashboardApiRoutes,
  publicDashboardRoutes,
  searchRoutes,
  libraryPanelRoutes,
  alertingRuleRoutes,
  alertingContactPointRoutes,
  alertingPolicyRoutes,
  alertingTemplateRoutes,
  alertingMuteTimingRoutes,
  serviceAccountRoutes,
  silenceRoutes,
  repositoryRoutes,
  appResourceRoutes,
];
