/**
 * Dashboard permissions (`pkg/api/dashboard_permission.go`, §6.10): the folder permissions' model
 * and store (folder-permissions.ts) on `/api/dashboards/uid/:uid/permissions`.
 *
 * What Grafana does differently from folders, from its source:
 * - a missing dashboard is `getDashboardHelper`'s 404 "Dashboard not found";
 * - a refused target (unknown user or team) is a 500 "Failed to update permissions";
 * - entries are `DashboardACLInfoDTO`s with `isFolder: false` and the dashboard's uid, title, url;
 * - a new dashboard's defaults: Admin for the creator, a user or a service account
 *   (`IsIdentityType(TypeUser, TypeServiceAccount)`), and Edit for Editors, View for Viewers at
 *   the General level only.
 */
import { dashboardsOf, dashboardUrl } from '../dashboard-state.js';
import { json, messageError, success, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { DashboardRecord } from '../types.js';
import { slugify } from '../util.js';
import {
  accessOf,
  granteeInfo,
  registerPermissionRoutes,
  replacedEntries,
  updateItems,
} from './folder-permissions.js';

export const dashboardPermissionRoutes: RouteModule = {
  name: 'dashboard-permissions',
  register(router) {
    registerPermissionRoutes(
      router,
      '/api/dashboards/uid/:uid/permissions',
      'dashboards',
      getPermissions,
      setPermissions,
    );
  },
};

function getPermissions(ctx: RequestContext): Reply {
  const org = ctx.org();
  const dashboard = dashboardsOf(org).dashboard(ctx.params.uid ?? '');
  if (dashboard === undefined) return messageError(404, 'Dashboard not found', true);
  const entries = accessOf(org).dashboardPermissions(dashboard, creatorId(ctx, dashboard));
  return json(
    200,
    entries.map((entry) => ({
      dashboardId: dashboard.id,
      ...granteeInfo(ctx, org, entry),
      uid: dashboard.uid,
      title: dashboard.title,
      slug: slugify(dashboard.title),
      isFolder: false,
      url: dashboardUrl(dashboard.uid, dashboard.title),
      inherited: false,
    })),
  );
}

function setPermissions(ctx: RequestContext): Reply {
  const update = updateItems(ctx);
  if ('reply' in update) return update.reply;
  const { items } = update;
  const org = ctx.org();
  const dashboard = dashboardsOf(org).dashboard(ctx.params.uid ?? '');
  if (dashboard === undefined) return messageError(404, 'Dashboard not found', true);
  const store = accessOf(org);
  const current = store.dashboardPermissions(dashboard, creatorId(ctx, dashboard));
  const next = replacedEntries(ctx, store, current, items);
  if (next === undefined) return messageError(500, 'Failed to update permissions', true);
  store.replaceDashboardPermissions(dashboard, next);
  return success('Dashboard permissions updated');
}

/** The user or service account that created the dashboard (`createdBy` holds its login). */
function creatorId(ctx: RequestContext, dashboard: DashboardRecord): number | undefined {
  const user = ctx.state.users.get(dashboard.createdBy);
  if (user) return user.id;
  for (const sa of ctx.state.tokens.values()) if (sa.login === dashboard.createdBy) return sa.id;
  return undefined;
}
