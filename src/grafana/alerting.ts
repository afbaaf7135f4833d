/**
 * What the alerting provisioning modules (`/api/v1/provisioning`, contract §8) share: provenance
 * (§8.1), the `…/export` endpoints (§8.8) and the file-provisioning export document.
 *
 * Provenance is chosen per write: by default Grafana records `api` and the object becomes
 * read-only in the UI; `disableProvenance: true` sends `X-Disable-Provenance: true` and records
 * none (Grafana only checks that the header is present). A write whose provenance differs from the
 * stored one fails with GrafanaProvenanceConflictError (§8.9): pick one mode per object and keep it.
 */
import type { AlertRuleNotificationSettings } from './alert-rules.js';
import type { GrafanaHttpClient, GrafanaRequest } from './http.js';
import type { NotificationPolicy } from './notification-policies.js';
import type { PathParams, QueryParams } from './route.js';

export const ALERTING_PROVISIONING_BASE = '/api/v1/provisioning';

/** `models.Provenance`; none is `''` (and omitted from JSON). */
export type AlertingProvenance = '' | 'api' | 'file' | 'converted_prometheus';

export interface AlertingRequestOptions {
  signal?: AbortSignal;
}

export interface ProvenanceOptions extends AlertingRequestOptions {
  /**
   * Record provenance none (`X-Disable-Provenance: true`) instead of `api`, leaving the object
   * editable in the Grafana UI.
   */
  disableProvenance?: boolean;
}

export const DISABLE_PROVENANCE_HEADER = 'X-Disable-Provenance';

export function provenanceHeaders(options: ProvenanceOptions = {}): Record<string, string> | undefined {
  return options.disableProvenance ? { [DISABLE_PROVENANCE_HEADER]: 'true' } : undefined;
}

/** The provenance a write with these options records. */
export function requestedProvenance(options: ProvenanceOptions = {}): AlertingProvenance {
  return options.disableProvenance ? '' : 'api';
}

/** A provenance as read from an object (absent is none). */
export function provenanceOf(object: { provenance?: string | undefined }): string {
  return object.provenance ?? '';
}

// -------------------------------------------------------------------------------------------------
// Exports (§8.8)

export type AlertingExportFormat = 'yaml' | 'json' | 'hcl';

export interface ExportOptions extends AlertingRequestOptions {
  /**
   * Default `yaml`. Always sent as `?format=`: Grafana would otherwise pick JSON from the client's
   * `Accept: application/json`.
   */
  format?: AlertingExportFormat;
  /** Ask for an attachment (`Content-Disposition`); the content is the same. */
  download?: boolean;
}

/** JSON exports are parsed. */
export interface JsonExportOptions extends ExportOptions {
  format: 'json';
}

/** YAML and HCL exports are returned as text. */
export interface TextExportOptions extends ExportOptions {
  format?: 'yaml' | 'hcl';
}

/** `RelativeTimeRangeExport`: seconds before now. */
export interface RelativeTimeRangeExport {
  from: number;
  to: number;
}

export interface AlertQueryExport {
  refId: string;
  queryType?: string;
  /** Omitted from YAML when zero. */
  relativeTimeRange?: RelativeTimeRangeExport;
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** The export form of a rule's notification settings: the same fields, none required. */
export type AlertRuleNotificationSettingsExport = Partial<AlertRuleNotificationSettings>;

/** `AlertRuleExport`. Alerting-only fields are absent for recording rules. */
export interface AlertRuleExport {
  uid?: string;
  title: string;
  condition?: string;
  data: AlertQueryExport[];
  dashboardUid?: string;
  panelId?: number;
  noDataState?: string;
  execErrState?: string;
  for?: string;
  keepFiringFor?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  isPaused: boolean;
  notification_settings?: AlertRuleNotificationSettingsExport;
  record?: { metric: string; from: string; targetDatasourceUid?: string };
  missing_series_evals_to_resolve?: number;
}

/** `AlertRuleGroupExport`: `folder` is the folder's path of titles; `$` is escaped as `$$`. */
export interface AlertRuleGroupExport {
  orgId: number;
  name: string;
  folder: string;
  /** A duration such as `1m`. */
  interval: string;
  rules: AlertRuleExport[];
}

export interface ReceiverExport {
  uid: string;
  type: string;
  /** Secure settings are `[REDACTED]` unless exported with `decrypt`. */
  settings: Record<string, unknown>;
  disableResolveMessage: boolean;
}

export interface ContactPointExport {
  orgId: number;
  name: string;
  receivers: ReceiverExport[];
}

/** `NotificationPolicyExport`: the root route (without provenance) plus the org. */
export type NotificationPolicyExport = { orgId: number } & RouteExport;

/** A route of the exported tree: the provisioning route's fields, without provenance. */
export type RouteExport = Omit<NotificationPolicy, 'provenance' | 'routes'> & { routes?: RouteExport[] };

export interface MuteTimeIntervalExport {
  orgId: number;
  name: string;
  time_intervals: Array<Record<string, unknown>>;
}

/** `AlertingFileExport`: each endpoint fills one list. */
export interface AlertingFileExport {
  apiVersion: number;
  groups?: AlertRuleGroupExport[];
  contactPoints?: ContactPointExport[];
  policies?: NotificationPolicyExport[];
  muteTimes?: MuteTimeIntervalExport[];
}

/** One export call: parsed JSON for `format: 'json'`, the text otherwise. */
export async function requestExport(
  http: GrafanaHttpClient,
  route: string,
  params: PathParams | undefined,
  query: QueryParams,
  options: ExportOptions,
): Promise<string | AlertingFileExport> {
  const format = options.format ?? 'yaml';
  return http.call<string | AlertingFileExport>({
    method: 'GET',
    route,
    ...(params === undefined ? {} : { params }),
    query: { ...query, format, download: options.download ? true : undefined },
    responseType: format === 'json' ? 'json' : 'text',
    ...signalOf(options),
  });
}

/** The request's `signal`, when given (exactOptionalPropertyTypes-friendly spread). */
export function signalOf(options: AlertingRequestOptions | undefined): { signal?: AbortSignal } {
  return options?.signal === undefined ? {} : { signal: options.signal };
}

/**
 * One provisioning call, resolving to the answer's body: the options' abort signal, and the
 * `X-Disable-Provenance` header when a write asks for it (§8.1).
 */
export async function provisioningCall<T>(
  http: GrafanaHttpClient,
  request: Pick<GrafanaRequest, 'method' | 'route' | 'params' | 'query' | 'body'>,
  options: ProvenanceOptions = {},
): Promise<T> {
  return http.call<T>({ ...request, headers: provenanceHeaders(options) ?? {}, ...signalOf(options) });
}
