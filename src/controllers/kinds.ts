/**
 * Every kind the operator runs, in two lists: the Grafana-object kinds, and the plain ones. What a
 * kind depends on and what it watches it declares itself (ObjectKind: folderRef, watches, selects,
 * provides, namedByInstance, deletionWaitsForReferrers, connect; KindAdapter: requeuedBy);
 * index.ts wires each from that, so adding a kind is adding its entry here.
 */
import type { AnyKindAdapter } from '../runtime/reconciler.js';
import type { AnyObjectKind } from '../sync/object-kind.js';
import { grafanaAlertRuleKind } from './grafanaalertrule.js';
import { grafanaAlertRuleGroupKind } from './grafanaalertrulegroup.js';
import { grafanaAppResourceKind } from './grafanaappresource.js';
import { grafanaContactPointKind } from './grafanacontactpoint.js';
import { grafanaDashboardKind } from './grafanadashboard.js';
import { grafanaDatasourceKind } from './grafanadatasource.js';
import { grafanaFolderKind } from './grafanafolder.js';
import { grafanaLibraryPanelKind } from './grafanalibrarypanel.js';
import { grafanaMuteTimingKind } from './grafanamutetiming.js';
import { grafanaNotificationPolicyKind } from './grafananotificationpolicy.js';
import { grafanaNotificationPolicyRouteAdapter } from './grafananotificationpolicyroute.js';
import { grafanaNotificationTemplateKind } from './grafananotificationtemplate.js';
import { grafanaOrganizationKind } from './grafanaorganization.js';
import { grafanaRepositoryKind } from './grafanarepository.js';
import { grafanaSilenceKind } from './grafanasilence.js';
import { grafanaTeamKind } from './grafanateam.js';
import { grafanaServiceAccountKind } from './grafanaserviceaccount.js';
import type { RuleGroupOwners } from '../alerting/rule-group-owners.js';

/** What kinds share, made once per operator. */
export interface KindServices {
  /** Alert rules, whole groups or one by one: a group cannot be both. */
  ruleGroupOwners: RuleGroupOwners;
  /** The share of a token's lifetime after which it is renewed; undefined: two thirds. */
  tokenRotateAfterShare?: number | undefined;
}

/** A kind, or a factory of one for a kind that keeps state or uses a shared service. */
export type KindEntry = AnyObjectKind | ((services: KindServices) => AnyObjectKind);

/**
 * In the order the controllers are registered; a folder's deletion names the objects it waits for
 * in this order too.
 */
export const KINDS: readonly KindEntry[] = [
  () => grafanaFolderKind(),
  grafanaDatasourceKind,
  grafanaLibraryPanelKind,
  () => grafanaDashboardKind(),
  ({ ruleGroupOwners }) => grafanaAlertRuleGroupKind({ owners: ruleGroupOwners }),
  ({ ruleGroupOwners }) => grafanaAlertRuleKind({ owners: ruleGroupOwners }),
  grafanaContactPointKind,
  grafanaNotificationTemplateKind,
  grafanaMuteTimingKind,
  () => grafanaNotificationPolicyKind(),
  grafanaTeamKind,
  ({ tokenRotateAfterShare }) => grafanaServiceAccountKind({ rotateAfterShare: tokenRotateAfterShare }),
  grafanaOrganizationKind,
  grafanaSilenceKind,
  grafanaRepositoryKind,
  grafanaAppResourceKind,
];

/**
 * Kinds that are no Grafana object of their own, each a plain reconcile (runtime/reconciler.ts),
 * registered after KINDS and served by the provisioning API after them: a policy route is written
 * by the policies that select it.
 */
export const PLAIN_KINDS: readonly AnyKindAdapter[] = [grafanaNotificationPolicyRouteAdapter()];

/** The kinds of `entries`, factories called with `services`. */
export function buildKinds(services: KindServices, entries: readonly KindEntry[] = KINDS): AnyObjectKind[] {
  return entries.map((entry) => (typeof entry === 'function' ? entry(services) : entry));
}
