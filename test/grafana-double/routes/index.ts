/**
 * The API areas the double serves. A later area (alerting provisioning) is a new module file plus
 * one entry here, or `GrafanaDouble.use(module)`.
 */
import type { RouteModule } from '../router.js';
import { dashboardRoutes } from './dashboards.js';
import { datasourceRoutes } from './datasources.js';
import { folderRoutes } from './folders.js';
import { healthRoutes } from './health.js';
import { libraryPanelRoutes } from './library-panels.js';
import { orgRoutes } from './orgs.js';
import { searchRoutes } from './search.js';

export const defaultRouteModules: readonly RouteModule[] = [
  healthRoutes,
  orgRoutes,
  folderRoutes,
  datasourceRoutes,
  dashboardRoutes,
  searchRoutes,
  libraryPanelRoutes,
];
