/**
 * Version profiles: the Grafana releases the double can behave like. A profile is a set of the
 * double's switches (types.ts `GrafanaDoubleOptions`); each switch that differs between releases
 * cites the section of docs/grafana-api.md that traces it to Grafana's source.
 *
 *   new GrafanaDouble({ version: '11.2' })   // a profile by name
 *   GRAFANA_DOUBLE_VERSION=13.0 npm test      // the profile tests and the demo start
 *
 * Explicit options still win over the profile, so a test can switch one behaviour on its own.
 */
import type { GrafanaDoubleOptions } from './types.js';

export const VERSION_PROFILES = ['11.2', '12.2', '13.0'] as const;
export type VersionProfile = (typeof VERSION_PROFILES)[number];
export const DEFAULT_PROFILE: VersionProfile = '12.2';

/** The switches a profile sets: every one that differs between the releases modelled. */
export type ProfileSwitches = Pick<
  GrafanaDoubleOptions,
  | 'version'
  | 'folderDuplicateUidStatus'
  | 'folderVersionMismatchBody'
  | 'dashboardApis'
  | 'dashboardApiVersions'
  | 'dashboardConflictStatus'
  | 'dashboardTitleOverwrite'
  | 'refreshBelowMinimum'
  | 'tokenOrgLookup'
  | 'contactPointProvenance'
  | 'notificationGroupByCheck'
  | 'searchLagMs'
  | 'folderApis'
  | 'provisioningApiVersions'
  | 'playlistApiVersions'
  | 'featureToggles'
>;

const PROFILES: Record<VersionProfile, ProfileSwitches> = {
  '11.2': {
    version: '11.2.0',
    // The SQL folder store: duplicate uid → 409 SameUIDExists, legacy version-mismatch body (§4.3).
    folderDuplicateUidStatus: 409,
    folderVersionMismatchBody: 'folder',
    // No dashboard API group served to an `/api` client (§6.4).
    dashboardApis: false,
    // No dashboard API group, so no v2 dashboards (§23.1).
    dashboardApiVersions: [],
    dashboardConflictStatus: 412,
    // 11.0–11.2: a save matches an existing dashboard by title in its folder (§6.5).
    dashboardTitleOverwrite: true,
    refreshBelowMinimum: 'clamp',
    tokenOrgLookup: 'token',
    // Before 12.x provenance was reported per integration (§8.4).
    contactPointProvenance: 'integration',
    // NotificationSettings.Validate → ToRoute → ValidateChild on the normalised group_by (§8.2).
    notificationGroupByCheck: 'route',
    // SQL search: read-after-write; no folder API group for an `/api` client (§6.8, §4.7).
    searchLagMs: 0,
    folderApis: false,
    // No Git Sync group before 12 (§22.1).
    provisioningApiVersions: [],
    playlistApiVersions: [],
    featureToggles: { nestedFolders: true, kubernetesDashboards: false, provisioning: false },
  },
  '12.2': {
    version: '12.2.0',
    folderDuplicateUidStatus: 412,
    folderVersionMismatchBody: 'dashboard',
    dashboardApis: true,
    // v2alpha1 and v2beta1 are served whatever the toggle dashboardNewLayouts says (§23.1).
    dashboardApiVersions: ['v1beta1', 'v0alpha1', 'v2alpha1', 'v2beta1'],
    dashboardConflictStatus: 412,
    dashboardTitleOverwrite: false,
    // 11/12 classic saves store the minimum (§6.6).
    refreshBelowMinimum: 'clamp',
    // A token is looked up in its own org (§1.2).
    tokenOrgLookup: 'token',
    contactPointProvenance: 'receiver',
    // 12.x Validate checks no group_by at all (§8.2).
    notificationGroupByCheck: 'none',
    // Dashboards and folders stay on legacy storage by default (dualWriterMode 0), so search is
    // the SQL one: read-after-write (§6.8).
    searchLagMs: 0,
    folderApis: true,
    // 12.x registers v0alpha1 only, behind the experimental toggle (§22.1).
    provisioningApiVersions: ['v0alpha1'],
    playlistApiVersions: ['v0alpha1'],
    featureToggles: { nestedFolders: true, kubernetesDashboards: true, provisioning: false },
  },
  '13.0': {
    version: '13.0.0',
    folderDuplicateUidStatus: 412,
    folderVersionMismatchBody: 'dashboard',
    dashboardApis: true,
    // main adds v1 (preferred) and v2 (§23.1).
    dashboardApiVersions: ['v1', 'v1beta1', 'v0alpha1', 'v2', 'v2beta1', 'v2alpha1'],
    // main's saveDashboardViaK8s: 409 "Dashboard already exists" (§15.12).
    dashboardConflictStatus: 409,
    dashboardTitleOverwrite: false,
    // main's classic POST goes through the dashboard API's admission: 400 (§6.6).
    refreshBelowMinimum: 'reject',
    // main looks the token up in the request's org, org 1 when none is named (§1.2).
    tokenOrgLookup: 'request',
    contactPointProvenance: 'receiver',
    // main's ContactPointRouting.Validate: `duplicate value "x" in group_by` (§8.2).
    notificationGroupByCheck: 'duplicates',
    // main migrates dashboards and folders to unified storage (mode 5), whose search index
    // follows writes with a delay (§6.8); the length of the delay is assumed.
    searchLagMs: 1000,
    folderApis: true,
    // main registers v0alpha1 (preferred) and v1beta1, still behind the toggle (§22.1).
    provisioningApiVersions: ['v0alpha1', 'v1beta1'],
    playlistApiVersions: ['v0alpha1', 'v1'],
    featureToggles: { nestedFolders: true, kubernetesDashboards: true, provisioning: false },
  },
};

export function isVersionProfile(value: unknown): value is VersionProfile {
  return (VERSION_PROFILES as readonly unknown[]).includes(value);
}

/** The switches of a profile; a full version string (`12.2.0`) picks the profile of its minor. */
export function profileOptions(version: string): ProfileSwitches {
  const minor = /^(\d+\.\d+)/.exec(version)?.[1];
  if (!isVersionProfile(minor)) {
    throw new Error(
      `Grafana double: no profile for version ${version}; known: ${VERSION_PROFILES.join(', ')}`,
    );
  }
  const options = PROFILES[minor];
  // `12.2.4` keeps its own version string, with the 12.2 behaviours.
  return minor === version ? options : { ...options, version };
}

/** The profile named by GRAFANA_DOUBLE_VERSION, for tests and the demo; the default otherwise. */
export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): VersionProfile {
  const wanted = env.GRAFANA_DOUBLE_VERSION ?? DEFAULT_PROFILE;
  if (!isVersionProfile(wanted)) {
    throw new Error(`GRAFANA_DOUBLE_VERSION=${wanted}: known profiles are ${VERSION_PROFILES.join(', ')}`);
  }
  return wanted;
}
