/**
 * The API areas the double serves. A later area (dashboards, library panels, alerting
 * provisioning) is a new module file plus one entry here, or `GrafanaDouble.use(module)`.
 */
import type { RouteModule } from '../router.js';
import { datasourceRoutes } from './datasources.js';
import { folderRoutes } from './folders.js';
import { healthRoutes } from './health.js';
import { orgRoutes } from './orgs.js';

export const defaultRouteModules: readonly RouteModule[] = [
  healthRoutes,
  orgRoutes,
  folderRoutes,
  datasourceRoutes,
];
