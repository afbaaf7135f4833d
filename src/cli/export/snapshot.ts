/**
 * What `export` reads from one Grafana org, as the Grafana client returns it: the input of the
 * pure mapping to manifests (map-*.ts), so the mapping is tested without a Grafana.
 */
import type {
  AlertRuleGroup,
  ContactPointExport,
  EmbeddedContactPoint,
  GrafanaDashboardWithMeta,
  GrafanaDataSource,
  GrafanaFolder,
  GrafanaLibraryElement,
  MuteTimeIntervalExport,
  MuteTiming,
  NotificationPolicyExport,
  NotificationTemplate,
  AlertingProvenance,
} from '../../grafana/index.js';

export interface OrgSnapshot {
  org: { id: number; name: string };
  folders: GrafanaFolder[];
  dashboards: GrafanaDashboardWithMeta[];
  libraryPanels: GrafanaLibraryElement[];
  datasources: GrafanaDataSource[];
  /** Each group with the provenance of its rules (the provisioning GET leaves it on the rules). */
  ruleGroups: AlertRuleGroup[];
  /** From the contact-point export: receivers with secure settings `[REDACTED]`. */
  contactPoints: ContactPointExport[];
  /** The integrations as listed, for their provenance, which the export leaves out. */
  integrations: EmbeddedContactPoint[];
  /** From the policy export; undefined when not read (--kinds). */
  policy?: { tree: NotificationPolicyExport; provenance: AlertingProvenance | undefined };
  templates: NotificationTemplate[];
  /** From the mute-timing export, with the listed timings for their provenance. */
  muteTimings: MuteTimeIntervalExport[];
  muteTimingList: MuteTiming[];
}

/** An empty snapshot of an org, for tests and for kinds left out. */
export function emptySnapshot(org: OrgSnapshot['org']): OrgSnapshot {
  return {
    org,
    folders: [],
    dashboards: [],
    libraryPanels: [],
    datasources: [],
    ruleGroups: [],
    contactPoints: [],
    integrations: [],
    templates: [],
    muteTimings: [],
    muteTimingList: [],
  };
}
