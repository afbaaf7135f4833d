import { alertRuleGroups } from './alert-rule-groups.js';
import { alertRules } from './alert-rules.js';
import { appResources } from './app-resources.js';
import { contactPoints } from './contact-points.js';
import { dashboards } from './dashboards.js';
import { dashboardsV2 } from './dashboards-v2.js';
import { datasources } from './datasources.js';
import { folders } from './folders.js';
import { instances } from './instances.js';
import { libraryPanels } from './library-panels.js';
import { muteTimings } from './mute-timings.js';
import { notificationPolicies } from './notification-policies.js';
import { notificationTemplates } from './notification-templates.js';
import { organizations } from './organizations.js';
import { repositories } from './repositories.js';
import type { KindScenario } from './scenario.js';
import { teams } from './teams.js';
import { serviceAccounts } from './service-accounts.js';
import { silences } from './silences.js';

/** Every kind the operator has, each with its portable core paths. */
export const KIND_SCENARIOS: readonly KindScenario[] = [
  instances,
  folders,
  datasources,
  dashboards,
  libraryPanels,
  alertRules,
  alertRuleGroups,
  contactPoints,
  notificationPolicies,
  notificationTemplates,
  muteTimings,
  teams,
  serviceAccounts,
  organizations,
  silences,
  repositories,
  dashboardsV2,
  appResources,
];
