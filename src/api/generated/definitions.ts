// Generated from api/definitions.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

/**
 * A key of a Secret in the same namespace.
 */
export interface SecretKeyRef {
  /**
   * Name of the Secret.
   */
  name: string;
  /**
   * Key within the Secret's data.
   */
  key: string;
}

/**
 * Conditions in Kubernetes convention; Ready is always present.
 */
export type Conditions = {
  /**
   * Condition type, e.g. Ready.
   */
  type: string;
  /**
   * Status of the condition.
   */
  status: 'True' | 'False' | 'Unknown';
  /**
   * A CamelCase reason for the last transition, e.g. Connected or Unauthorized.
   */
  reason: string;
  /**
   * Human-readable details.
   */
  message: string;
  /**
   * When the status last changed.
   */
  lastTransitionTime: string;
  /**
   * The metadata.generation the condition was set for.
   */
  observedGeneration?: number;
}[];

/**
 * Selects the GrafanaInstances (in this object's namespace) to apply this object to, by their labels. The object is applied to every matching instance; an empty selector ({}) matches all.
 */
export interface InstanceSelector {
  /**
   * Labels an instance must have, all of them.
   */
  matchLabels?: {
    [k: string]: string | undefined;
  };
  /**
   * Label requirements, all of which must hold.
   */
  matchExpressions?: {
    /**
     * The label key.
     */
    key: string;
    /**
     * How the key relates to values.
     */
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    /**
     * Values for In and NotIn; must be empty for Exists and DoesNotExist.
     */
    values?: string[];
  }[];
}

/**
 * The object's uid in Grafana (letters, digits, - and _; at most 40). Omitted: derived from this object's name and namespace, stable across re-creation. Cannot be changed later.
 */
export type GrafanaUID = string;

/**
 * What happens in Grafana when this object is deleted or stops selecting an instance: Delete removes it from Grafana, Orphan leaves it there unmanaged.
 */
export type DeletionPolicy = 'Delete' | 'Orphan';

/**
 * How often Grafana is compared with this object while nothing changed, to find and revert edits made in Grafana (a duration such as 30s, 10m or 1h).
 */
export type ResyncPeriod = string;

/**
 * Stop reconciling this object; what is in Grafana is left as it is.
 */
export type Suspend = boolean;

/**
 * Take over an object that already exists in Grafana but was not created by this object (otherwise such a clash is reported as Ready=False/Conflict and nothing is changed).
 */
export type Adopt = boolean;

/**
 * Who may view, edit or administer this folder or dashboard (a folder's also reach what it holds). When set, the object's own permissions in Grafana are exactly this list: entries added in Grafana by hand are removed at the next resync, and an empty list leaves access to org Admins alone. When unset, the operator never touches the object's permissions (Grafana gives a new root-level folder Edit for Editors and View for Viewers). Permissions inherited from parent folders are not part of this list.
 *
 * @maxItems 100
 *
 * Items: One grantee and its permission; name exactly one of role, user, userId, team, teamId or serviceAccount.
 */
export type Permissions = {
  /**
   * Every member of the org with this basic role.
   */
  role?: 'Viewer' | 'Editor' | 'Admin';
  /**
   * Login or e-mail of a user of the instance's org; resolved to the user's id on every instance.
   */
  user?: string;
  /**
   * Numeric id of a Grafana user (as in Grafana's permissions export); a service account's id too, as Grafana keeps service accounts as users.
   */
  userId?: number;
  /**
   * Name of a team in the instance's org; resolved to the team's id on every instance.
   */
  team?: string;
  /**
   * Numeric id of a Grafana team.
   */
  teamId?: number;
  /**
   * Name of a service account of the instance's org; resolved to its id (Grafana keeps service accounts as users) on every instance.
   */
  serviceAccount?: string;
  /**
   * View reads the folder or dashboard (and a folder's dashboards), Edit also changes them (and creates them in a folder), Admin also manages permissions.
   */
  permission: 'View' | 'Edit' | 'Admin';
}[];

/**
 * This object's state on each selected GrafanaInstance.
 */
export type InstanceStatuses = {
  /**
   * The GrafanaInstance's name.
   */
  name: string;
  /**
   * Whether Grafana holds what this object describes.
   */
  synced: boolean;
  /**
   * The object's uid in that Grafana.
   */
  uid?: string;
  /**
   * Grafana's version of the object after the last write or check.
   */
  version?: number;
  /**
   * Where Grafana shows the object, when it has a page: an absolute URL on the instance's spec.url (sub-path included, credentials left out).
   */
  url?: string;
  /**
   * When the operator last wrote the object to this instance.
   */
  lastApplied?: string;
  /**
   * Hash of what was last written (including the resourceVersions of referenced Secrets, never their values); an unchanged hash with no drift in Grafana means no write.
   */
  appliedHash?: string;
  /**
   * Why the object is not in sync on this instance.
   */
  reason?: string;
  /**
   * Details of the failure on this instance.
   */
  message?: string;
  /**
   * GrafanaDashboard with spec.publicDashboard: the public dashboard it manages on this instance. The access token is not a secret in Grafana's sense (it is the last part of the public URL, which anyone may be given), but whoever can read this status can open the dashboard through it while it is enabled.
   */
  publicDashboard?: {
    /**
     * The public dashboard's uid in Grafana.
     */
    uid?: string;
    /**
     * The token of its public URL; kept for as long as the object shares the dashboard.
     */
    accessToken?: string;
    /**
     * The public URL, on the instance's spec.url.
     */
    url?: string;
    /**
     * Whether Grafana serves the public URL (false: paused).
     */
    enabled?: boolean;
  };
}[];

/**
 * Observed state, written by the operator.
 */
export interface GrafanaObjectStatus {
  /**
   * The metadata.generation this status describes.
   */
  observedGeneration?: number;
  /**
   * The uid the object has in Grafana.
   */
  uid?: string;
  /**
   * The object's name in Grafana, for kinds Grafana names: spec.name, or metadata.name when that is omitted.
   */
  name?: string;
  /**
   * The dashboard's title in Grafana, from its JSON.
   */
  title?: string;
  /**
   * Instances in sync / instances selected, e.g. 2/2.
   */
  instancesSummary?: string;
  instances?: InstanceStatuses;
  conditions?: Conditions;
}

/**
 * Leave the object editable in the Grafana UI. false (default): it is written with provenance "api", so Grafana shows it as provisioned and read-only, and edits made in Grafana anyway are reverted. true: it is written without provenance (X-Disable-Provenance), the UI may edit it, and such edits are left alone until this object changes. Switching either way works.
 */
export type EditableInGrafana = boolean;

/**
 * A Prometheus-style duration: units y, w, d, h, m, s and ms in that order, e.g. 30s, 5m, 1h30m, or 0. Grafana stores it in its shortest form (60s becomes 1m), which is compared as equal.
 */
export type PrometheusDuration = string;

/**
 * One query or expression of an alert rule (Grafana's AlertQuery). Queries read a datasource; expressions (math, reduce, threshold, classic conditions) use datasourceUid __expr__.
 */
export interface AlertRuleQuerySpec {
  /**
   * The query's name (A, B, …), which condition, record.from and expressions refer to.
   */
  refId: string;
  /**
   * The datasource's query type, if it has several. Grafana takes it from model.queryType when the model has one.
   */
  queryType?: string;
  /**
   * The time range the query reads, in seconds before each evaluation; from must be greater than to for datasource queries. Omitted: from 600 (10 minutes), to 0 for datasource queries, 0/0 for expressions.
   */
  relativeTimeRange?: {
    /**
     * Start of the range, in seconds before the evaluation time.
     */
    from?: number;
    /**
     * End of the range, in seconds before the evaluation time (usually 0).
     */
    to?: number;
  };
  /**
   * uid of the datasource in Grafana, or __expr__ for an expression (math, reduce, threshold, classic_conditions).
   */
  datasourceUid?: string;
  /**
   * Name of a GrafanaDatasource in this namespace; its uid on each instance is used. The rule waits until that datasource is synced there.
   */
  datasourceRef?: string;
  /**
   * The query or expression as Grafana's alert rule editor shows it (expr, refId, type, conditions, …). Grafana adds intervalMs 1000 and maxDataPoints 43200 when they are missing; that is not drift.
   */
  model: Record<string, unknown>;
}

/**
 * Send this rule's alerts straight to a contact point, bypassing the notification policy tree (Grafana's notification_settings).
 */
export interface AlertRuleNotificationSettingsSpec {
  /**
   * The contact point's name. It must exist in Grafana (a GrafanaContactPoint's name, or one made in Grafana); the rule waits (DependencyNotReady) until it does.
   */
  receiver: string;
  /**
   * Labels to group alerts by, each at most once (Grafana 13 refuses a repeated label, and a repeated label breaks the route 11.x generates). Grafana groups by grafana_folder and alertname whether they are listed or not; ["..."] groups by all labels.
   */
  group_by?: string[];
  /**
   * How long to wait before sending the first notification of a new group.
   */
  group_wait?: PrometheusDuration;
  /**
   * How long to wait before notifying about new alerts in a group already notified.
   */
  group_interval?: PrometheusDuration;
  /**
   * How long to wait before sending a notification again for unchanged alerts.
   */
  repeat_interval?: PrometheusDuration;
  /**
   * Names of mute timings during which no notifications are sent. Each must exist in Grafana; the rule waits (DependencyNotReady) until it does.
   */
  mute_time_intervals?: string[];
  /**
   * Names of mute timings outside of which no notifications are sent. Each must exist in Grafana; the rule waits (DependencyNotReady) until it does.
   */
  active_time_intervals?: string[];
}

/**
 * Make this a recording rule: the result of the query or expression `from` is written as the metric `metric`. Recording rules have no condition, states, for, keep_firing_for or notification settings (Grafana drops them).
 */
export interface AlertRuleRecordSpec {
  /**
   * The Prometheus metric name to record into.
   */
  metric: string;
  /**
   * The refId whose result is recorded.
   */
  from: string;
  /**
   * uid of the Prometheus-compatible datasource to write to; omitted, Grafana's default.
   */
  target_datasource_uid?: string;
}

/**
 * One alert rule (or recording rule), with the fields of Grafana's provisioning API (ProvisionedAlertRule), so a rule read from GET /api/v1/provisioning/alert-rules fits.
 */
export interface AlertRuleGroupRuleSpec {
  /**
   * The rule's uid in Grafana (letters, digits, - and _; at most 40), unique in the org. Omitted: derived from this object's name and namespace and the rule's title.
   */
  uid?: string;
  /**
   * The rule's name, shown in Grafana and in notifications as alertname.
   */
  title: string;
  /**
   * refId of the query or expression whose result decides whether the rule fires.
   */
  condition?: string;
  /**
   * The rule's queries and expressions, each with a unique refId.
   *
   * @minItems 1
   */
  data: [AlertRuleQuerySpec, ...AlertRuleQuerySpec[]];
  /**
   * State when the queries return no data. Default NoData.
   */
  noDataState?: 'Alerting' | 'NoData' | 'OK' | 'KeepLast';
  /**
   * State when evaluation fails or times out. Default Error.
   */
  execErrState?: 'Alerting' | 'Error' | 'OK' | 'KeepLast';
  /**
   * How long the condition must hold before the rule fires (pending period). Default 0s.
   */
  for?: PrometheusDuration;
  /**
   * How long the rule keeps firing after the condition stops holding. Default 0s.
   */
  keep_firing_for?: PrometheusDuration;
  /**
   * Annotations (summary, description, runbook_url, __dashboardUid__ with __panelId__ to link a panel, …).
   */
  annotations?: {
    [k: string]: string | undefined;
  };
  /**
   * Labels added to the rule's alerts, used by notification policies.
   */
  labels?: {
    [k: string]: string | undefined;
  };
  /**
   * Stop evaluating the rule.
   */
  isPaused?: boolean;
  notification_settings?: AlertRuleNotificationSettingsSpec;
  record?: AlertRuleRecordSpec;
  /**
   * How many evaluations without a series it takes to resolve that series' alert. Omitted: Grafana's default.
   */
  missingSeriesEvalsToResolve?: number;
}

/**
 * Labels to group alerts by into one notification, e.g. [grafana_folder, alertname]; ["..."] groups by all labels (and must stand alone). Omitted on a nested route: inherited from its parent.
 *
 * Items: A label name, or "..." for all labels.
 */
export type RouteGroupBy = string[];

/**
 * A nested policy: the alerts it matches go to its receiver, grouped and timed as it says; what it omits is inherited from its parent.
 */
export interface NotificationRoute {
  /**
   * The contact point (receiver) name for the alerts this policy matches; it must exist in Grafana. Omitted: inherited from the parent policy.
   */
  receiver?: string;
  /**
   * Label matchers an alert must all satisfy to take this policy, each a [label, operator, value] triple with operator one of =, !=, =~ (regular expression match) or !~, e.g. [team, "=", platform]. None: every alert matches. Order does not matter (Grafana sorts them).
   */
  object_matchers?: [string, string, string][];
  /**
   * Keep trying the following sibling policies after this one matched (false: the first matching sibling takes the alert).
   */
  continue?: boolean;
  group_by?: RouteGroupBy;
  /**
   * How long to wait before the first notification of a new group, to collect more alerts for it (a duration such as 30s, 1m or 1h30m; Grafana's default 30s). Omitted on a nested route: inherited.
   */
  group_wait?: string;
  /**
   * How long to wait before notifying about alerts added to a group that was already notified (a non-zero duration such as 5m; Grafana's default 5m). Omitted on a nested route: inherited.
   */
  group_interval?: string;
  /**
   * How long to wait before sending a notification again for a group whose alerts have not changed (a non-zero duration such as 4h; Grafana's default 4h). Omitted on a nested route: inherited.
   */
  repeat_interval?: string;
  /**
   * Names of mute timings during which this policy sends no notifications. Each must exist in Grafana (a GrafanaMuteTiming's name, or one made in Grafana); the tree waits (DependencyNotReady) until it does.
   *
   * Items: A mute timing name.
   */
  mute_time_intervals?: string[];
  /**
   * Names of mute timings outside of which this policy sends no notifications (it is active only during them). Each must exist in Grafana.
   *
   * Items: A mute timing name.
   */
  active_time_intervals?: string[];
  routes?: NotificationRoutes;
}

/**
 * Nested policies, tried in order: an alert goes to the first one whose object_matchers it matches (and on to the next ones too when that route sets continue), else it stays with this policy. Nested policies may have nested policies of their own.
 */
export type NotificationRoutes = NotificationRoute[];

export const secretKeyRefSchema = {
  type: 'object',
  required: ['name', 'key'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 253 },
    key: { type: 'string', minLength: 1, maxLength: 253 },
  },
} as const;

export const conditionsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['type', 'status', 'reason', 'message', 'lastTransitionTime'],
    properties: {
      type: { type: 'string' },
      status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
      reason: { type: 'string' },
      message: { type: 'string' },
      lastTransitionTime: { type: 'string', format: 'date-time' },
      observedGeneration: { type: 'integer', format: 'int64' },
    },
  },
} as const;

export const instanceSelectorSchema = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
} as const;

export const grafanaUIDSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 40,
  pattern: '^[a-zA-Z0-9_-]+$',
} as const;

export const deletionPolicySchema = {
  type: 'string',
  enum: ['Delete', 'Orphan'],
  default: 'Delete',
} as const;

export const resyncPeriodSchema = { type: 'string', default: '10m' } as const;

export const suspendSchema = { type: 'boolean' } as const;

export const adoptSchema = { type: 'boolean' } as const;

export const permissionsSchema = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object',
    required: ['permission'],
    properties: {
      role: { type: 'string', enum: ['Viewer', 'Editor', 'Admin'] },
      user: { type: 'string', minLength: 1, maxLength: 190 },
      userId: { type: 'integer', format: 'int64', minimum: 1 },
      team: { type: 'string', minLength: 1, maxLength: 190 },
      teamId: { type: 'integer', format: 'int64', minimum: 1 },
      serviceAccount: { type: 'string', minLength: 1, maxLength: 190 },
      permission: { type: 'string', enum: ['View', 'Edit', 'Admin'] },
    },
  },
} as const;

export const instanceStatusesSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'synced'],
    properties: {
      name: { type: 'string' },
      synced: { type: 'boolean' },
      uid: { type: 'string' },
      version: { type: 'integer', format: 'int64' },
      url: { type: 'string' },
      lastApplied: { type: 'string', format: 'date-time' },
      appliedHash: { type: 'string' },
      reason: { type: 'string' },
      message: { type: 'string' },
      publicDashboard: {
        type: 'object',
        properties: {
          uid: { type: 'string' },
          accessToken: { type: 'string' },
          url: { type: 'string' },
          enabled: { type: 'boolean' },
        },
      },
    },
  },
} as const;

export const grafanaObjectStatusSchema = {
  type: 'object',
  properties: {
    observedGeneration: { type: 'integer', format: 'int64' },
    uid: { type: 'string' },
    name: { type: 'string' },
    title: { type: 'string' },
    instancesSummary: { type: 'string' },
    instances: instanceStatusesSchema,
    conditions: conditionsSchema,
  },
} as const;

export const editableInGrafanaSchema = { type: 'boolean' } as const;

export const prometheusDurationSchema = { type: 'string', minLength: 1, maxLength: 32 } as const;

export const alertRuleQuerySpecSchema = {
  type: 'object',
  required: ['refId', 'model'],
  properties: {
    refId: { type: 'string', minLength: 1, maxLength: 128 },
    queryType: { type: 'string', maxLength: 128 },
    relativeTimeRange: {
      type: 'object',
      properties: {
        from: { type: 'integer', format: 'int64', minimum: 0 },
        to: { type: 'integer', format: 'int64', minimum: 0 },
      },
    },
    datasourceUid: { type: 'string', minLength: 1, maxLength: 40 },
    datasourceRef: { type: 'string', minLength: 1, maxLength: 253 },
    model: { type: 'object' },
  },
} as const;

export const alertRuleNotificationSettingsSpecSchema = {
  type: 'object',
  required: ['receiver'],
  properties: {
    receiver: { type: 'string', minLength: 1 },
    group_by: { type: 'array', items: { type: 'string', minLength: 1 } },
    group_wait: prometheusDurationSchema,
    group_interval: prometheusDurationSchema,
    repeat_interval: prometheusDurationSchema,
    mute_time_intervals: { type: 'array', items: { type: 'string' } },
    active_time_intervals: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const alertRuleRecordSpecSchema = {
  type: 'object',
  required: ['metric', 'from'],
  properties: {
    metric: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' },
    from: { type: 'string', minLength: 1, maxLength: 128 },
    target_datasource_uid: { type: 'string', minLength: 1, maxLength: 40 },
  },
} as const;

export const alertRuleGroupRuleSpecSchema = {
  type: 'object',
  required: ['title', 'data'],
  properties: {
    uid: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[a-zA-Z0-9_-]+$' },
    title: { type: 'string', minLength: 1, maxLength: 190 },
    condition: { type: 'string', minLength: 1, maxLength: 128 },
    data: { type: 'array', minItems: 1, items: alertRuleQuerySpecSchema },
    noDataState: { type: 'string', enum: ['Alerting', 'NoData', 'OK', 'KeepLast'] },
    execErrState: { type: 'string', enum: ['Alerting', 'Error', 'OK', 'KeepLast'] },
    for: prometheusDurationSchema,
    keep_firing_for: prometheusDurationSchema,
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    isPaused: { type: 'boolean' },
    notification_settings: alertRuleNotificationSettingsSpecSchema,
    record: alertRuleRecordSpecSchema,
    missingSeriesEvalsToResolve: { type: 'integer', format: 'int64', minimum: 1 },
  },
} as const;

export const routeGroupBySchema = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
