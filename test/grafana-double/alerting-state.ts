/**
 * Alerting provisioning (§8), one store per org kept in the org's extension storage
 * (`alertingOf(org)`): alert rules (grouped by folder and group), contact points (integrations
 * grouped into receivers by name), notification templates, mute timings and the single
 * notification policy tree. Every object carries its provenance (§8.1).
 *
 * Tests seed objects with any provenance (`seed*`) and make "UI edits" (`uiEdit*`): the Grafana UI
 * changes an object without the provisioning API and refuses objects that have a provenance, so
 * the helpers do too. Seeding runs the same decoding and normalisation as the API (§12).
 */
import {
  BIND_ERROR,
  contactPointProblem,
  decodeAlertRule,
  decodeRoute,
  decodeTimeIntervals,
  extractSecrets,
  formatPromDuration,
  isRuleProblem,
  muteTimingFingerprint,
  normaliseTemplate,
  prepareAlertRule,
  REDACTED,
  renameRouteReceiver,
  routeReceivers,
  routeTimeIntervals,
  secureKeysFor,
  setPath,
  sortKeysDeep,
  templateFingerprint,
  timeIntervalDto,
  uidToName,
  type AlertQueryInput,
  type PreparedRule,
  type Provenance,
  type RouteDTO,
  type RuleContext,
  type TimeIntervalRecord,
} from './alerting-model.js';
import type { OrgState } from './state.js';
import type { JsonObject } from './types.js';
import { compareStrings, nowIso, shortUid, uidProblem } from './util.js';

/** `unified_alerting.base_interval` (scheduler tick): group intervals must be multiples (§8.3). */
export const BASE_INTERVAL_SECONDS = 10;
/** `unified_alerting.default_rule_evaluation_interval`: the interval of a group a single POST creates. */
export const DEFAULT_INTERVAL_SECONDS = 60;
/** The receiver Grafana's default Alertmanager configuration routes to. */
export const DEFAULT_RECEIVER = 'grafana-default-email';

export interface AlertRuleRecord extends PreparedRule {
  id: number;
  uid: string;
  orgId: number;
  folderUid: string;
  ruleGroup: string;
  /** Position in the group (1-based); rules are listed by it. */
  ruleGroupIndex: number;
  intervalSeconds: number;
  updated: string;
  provenance: Provenance;
}

/** One integration of a receiver (what the provisioning API calls a contact point). */
export interface IntegrationRecord {
  uid: string;
  /** The receiver's name; integrations sharing it form one receiver. */
  name: string;
  type: string;
  /** Settings without the secure keys. */
  settings: JsonObject;
  /** Decrypted secure settings by (dotted) key; never returned unless exported with `decrypt`. */
  secureSettings: Record<string, string>;
  disableResolveMessage: boolean;
  provenance: Provenance;
}

export interface TemplateRecord {
  name: string;
  /** Stored content, after `{{ define }}` wrapping. */
  template: string;
  provenance: Provenance;
}

export interface MuteTimingRecord {
  name: string;
  timeIntervals: TimeIntervalRecord[];
  provenance: Provenance;
}

export interface PolicyTreeRecord {
  route: RouteDTO;
  provenance: Provenance;
}

// -------------------------------------------------------------------------------------------------
// DTOs (the JSON Grafana returns)

export interface AlertQueryDTO {
  refId: string;
  queryType: string;
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: JsonObject;
}

/** `definitions.ProvisionedAlertRule` (§8.2), keys in Go field order. */
export interface ProvisionedAlertRuleDTO {
  id: number;
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: AlertQueryDTO[];
  updated: string;
  noDataState: string;
  execErrState: string;
  for: string;
  keep_firing_for: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  provenance?: string;
  isPaused: boolean;
  notification_settings: JsonObject | null;
  record: JsonObject | null;
  missingSeriesEvalsToResolve?: number;
}

export interface AlertRuleGroupDTO {
  title: string;
  folderUid: string;
  interval: number;
  rules: ProvisionedAlertRuleDTO[];
}

/** `definitions.EmbeddedContactPoint` (§8.4). */
export interface EmbeddedContactPointDTO {
  uid: string;
  name: string;
  type: string;
  settings: JsonObject;
  disableResolveMessage: boolean;
  provenance?: string;
}

/** `definitions.NotificationTemplate` (§8.6). */
export interface NotificationTemplateDTO {
  name: string;
  template: string;
  provenance?: string;
  version: string;
}

/** `definitions.MuteTimeInterval` (§8.7). */
export interface MuteTimeIntervalDTO {
  name: string;
  time_intervals: JsonObject[];
  version: string;
  provenance?: string;
}

export function ruleDto(rule: AlertRuleRecord): ProvisionedAlertRuleDTO {
  const dto: JsonObject = {
    id: rule.id,
    uid: rule.uid,
    orgID: rule.orgId,
    folderUID: rule.folderUid,
    ruleGroup: rule.ruleGroup,
    title: rule.title,
    condition: rule.condition,
    data: rule.data.map(queryDto),
    updated: rule.updated,
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    for: formatPromDuration(rule.forMs),
    keep_firing_for: formatPromDuration(rule.keepFiringForMs),
  };
  if (Object.keys(rule.annotations).length > 0) dto.annotations = sortKeysDeep(rule.annotations);
  if (Object.keys(rule.labels).length > 0) dto.labels = sortKeysDeep(rule.labels);
  if (rule.provenance !== '') dto.provenance = rule.provenance;
  dto.isPaused = rule.isPaused;
  dto.notification_settings = rule.notificationSettings === null ? null : { ...rule.notificationSettings };
  dto.record = rule.record === null ? null : { ...rule.record };
  if (rule.missingSeriesEvalsToResolve !== undefined)
    dto.missingSeriesEvalsToResolve = rule.missingSeriesEvalsToResolve;
  return dto as unknown as ProvisionedAlertRuleDTO;
}

function queryDto(query: AlertQueryInput): AlertQueryDTO {
  return {
    refId: query.refId,
    queryType: query.queryType,
    relativeTimeRange: { ...query.relativeTimeRange },
    datasourceUid: query.datasourceUid,
    model: structuredClone(query.model),
  };
}

/** Settings as returned: secure keys as `[REDACTED]` unless `decrypt`; keys sorted (Go maps). */
export function integrationSettings(integration: IntegrationRecord, decrypt: boolean): JsonObject {
  const settings = structuredClone(integration.settings);
  for (const [key, value] of Object.entries(integration.secureSettings)) {
    setPath(settings, key, decrypt ? value : REDACTED);
  }
  return sortKeysDeep(settings) as JsonObject;
}

/** `provenance`: what GET reports, which on 12.x is the receiver's, not the integration's (§8.4). */
export function contactPointDto(
  integration: IntegrationRecord,
  decrypt = false,
  provenance: Provenance = integration.provenance,
): EmbeddedContactPointDTO {
  const dto: EmbeddedContactPointDTO = {
    uid: integration.uid,
    name: integration.name,
    type: integration.type,
    settings: integrationSettings(integration, decrypt),
    disableResolveMessage: integration.disableResolveMessage,
  };
  if (provenance !== '') dto.provenance = provenance;
  return dto;
}

/**
 * `GetReceiverProvenance` (12.x, main): a receiver's provenance is the first one that is not none
 * among its integrations, in stored order (§8.4).
 */
export function receiverProvenance(integrations: readonly IntegrationRecord[], name: string): Provenance {
  return integrations.find((i) => i.name === name && i.provenance !== '')?.provenance ?? '';
}

export function templateDto(template: TemplateRecord): NotificationTemplateDTO {
  const dto: JsonObject = { name: template.name, template: template.template };
  if (template.provenance !== '') dto.provenance = template.provenance;
  dto.version = templateFingerprint(template.template);
  return dto as unknown as NotificationTemplateDTO;
}

export function muteTimingDto(timing: MuteTimingRecord): MuteTimeIntervalDTO {
  const dto: MuteTimeIntervalDTO = {
    name: timing.name,
    time_intervals: timing.timeIntervals.map(timeIntervalDto),
    version: muteTimingFingerprint(timing.name, timing.timeIntervals),
  };
  if (timing.provenance !== '') dto.provenance = timing.provenance;
  return dto;
}

/** GET /policies: the stored tree plus its provenance (omitted when none). */
export function policyTreeDto(tree: PolicyTreeRecord): RouteDTO {
  const route = structuredClone(tree.route);
  if (tree.provenance !== '') route.provenance = tree.provenance;
  return route;
}

/** The root route of Grafana's default Alertmanager configuration. */
export function defaultRoute(): RouteDTO {
  return { receiver: DEFAULT_RECEIVER, group_by: ['grafana_folder', 'alertname'] };
}

// -------------------------------------------------------------------------------------------------
// Seeding input

export interface SeedOptions {
  /** Default `""` (none): an object created in the UI. */
  provenance?: Provenance;
}

export interface SeedAlertRuleOptions extends SeedOptions {
  /** The group's interval when the group is new (default 60). */
  intervalSeconds?: number;
}

export interface SeedContactPointInput {
  uid?: string;
  name: string;
  type: string;
  /** Secure keys in plain text; they are stored as secrets. */
  settings: JsonObject;
  disableResolveMessage?: boolean;
}

export interface SeedMuteTimingInput {
  name: string;
  /** The API's JSON form, e.g. `[{ weekdays: ['saturday', 'sunday'] }]`. */
  time_intervals?: unknown[];
}

export interface AlertRuleEdit {
  title?: string;
  condition?: string;
  data?: unknown[];
  for?: string;
  keep_firing_for?: string;
  noDataState?: string;
  execErrState?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  isPaused?: boolean;
  notification_settings?: JsonObject | null;
}

export interface ContactPointEdit {
  name?: string;
  /** Replaces the settings; secure keys in plain text, `[REDACTED]` keeps a stored secret. */
  settings?: JsonObject;
  disableResolveMessage?: boolean;
}

// -------------------------------------------------------------------------------------------------

export class AlertingStore {
  /** By uid. */
  readonly rules = new Map<string, AlertRuleRecord>();
  /** In receiver order; a receiver is every integration with the same name. */
  readonly integrations: IntegrationRecord[] = [];
  /** By name. */
  readonly templates = new Map<string, TemplateRecord>();
  readonly muteTimings: MuteTimingRecord[] = [];
  policy: PolicyTreeRecord = { route: defaultRoute(), provenance: '' };
  baseIntervalSeconds = BASE_INTERVAL_SECONDS;
  defaultIntervalSeconds = DEFAULT_INTERVAL_SECONDS;

  constructor(private readonly org: OrgState) {
    // Grafana's default configuration: one e-mail integration (§8.5 reset restores it if missing).
    this.integrations.push(defaultIntegration());
  }

  get orgId(): number {
    return this.org.id;
  }

  nextRuleId(): number {
    return this.org.nextId('alert_rule');
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups

  rule(uid: string): AlertRuleRecord | undefined {
    return this.rules.get(uid);
  }

  /** Rules in `ListAlertRules` order: folder, group, position in group, id. */
  listRules(): AlertRuleRecord[] {
    return [...this.rules.values()].sort(
      (a, b) =>
        compareStrings(a.folderUid, b.folderUid) ||
        compareStrings(a.ruleGroup, b.ruleGroup) ||
        a.ruleGroupIndex - b.ruleGroupIndex ||
        a.id - b.id,
    );
  }

  groupRules(folderUid: string, group: string): AlertRuleRecord[] {
    return this.listRules().filter((r) => r.folderUid === folderUid && r.ruleGroup === group);
  }

  rulesInFolders(folderUids: readonly string[]): AlertRuleRecord[] {
    return this.listRules().filter((r) => folderUids.includes(r.folderUid));
  }

  /** Group keys in listing order. */
  groupKeys(): Array<{ folderUid: string; group: string }> {
    const keys: Array<{ folderUid: string; group: string }> = [];
    for (const rule of this.listRules()) {
      if (!keys.some((k) => k.folderUid === rule.folderUid && k.group === rule.ruleGroup)) {
        keys.push({ folderUid: rule.folderUid, group: rule.ruleGroup });
      }
    }
    return keys;
  }

  integration(uid: string): IntegrationRecord | undefined {
    return this.integrations.find((i) => i.uid === uid);
  }

  integrationsOf(name: string): IntegrationRecord[] {
    return this.integrations.filter((i) => i.name === name);
  }

  receiverNames(): Set<string> {
    return new Set(this.integrations.map((i) => i.name));
  }

  /** By name, or by the uid Grafana derives from it (`NameToUid`). */
  muteTiming(nameOrUid: string): MuteTimingRecord | undefined {
    const byName = this.muteTimings.find((t) => t.name === nameOrUid);
    if (byName !== undefined) return byName;
    const name = uidToName(nameOrUid);
    return name === undefined ? undefined : this.muteTimings.find((t) => t.name === name);
  }

  timeIntervalNames(): Set<string> {
    return new Set(this.muteTimings.map((t) => t.name));
  }

  /** By name, or by the uid Grafana derives from it. */
  template(nameOrUid: string): TemplateRecord | undefined {
    const byName = this.templates.get(nameOrUid);
    if (byName !== undefined) return byName;
    const name = uidToName(nameOrUid);
    return name === undefined ? undefined : this.templates.get(name);
  }

  rulesUsingReceiver(name: string): AlertRuleRecord[] {
    return this.listRules().filter((r) => r.notificationSettings?.receiver === name);
  }

  rulesUsingTimeInterval(name: string): AlertRuleRecord[] {
    return this.listRules().filter((r) => {
      const s = r.notificationSettings;
      return (
        s !== null && [...(s.mute_time_intervals ?? []), ...(s.active_time_intervals ?? [])].includes(name)
      );
    });
  }

  policyUsesReceiver(name: string): boolean {
    return routeReceivers(this.policy.route).has(name);
  }

  policyUsesTimeInterval(name: string): boolean {
    return routeTimeIntervals(this.policy.route).has(name);
  }

  deleteRules(uids: readonly string[]): void {
    for (const uid of uids) this.rules.delete(uid);
  }

  // ---------------------------------------------------------------------------------------------
  // Seeding (bypasses the API, keeps its normalisation)

  /** A rule in the API's JSON shape (`ProvisionedAlertRule`). Throws on what the API would refuse. */
  seedAlertRule(rule: JsonObject, options: SeedAlertRuleOptions = {}): AlertRuleRecord {
    const input = decodeAlertRule(rule);
    if (input === BIND_ERROR) throw new Error('alert rule does not decode');
    const uid = input.uid === '' ? shortUid() : input.uid;
    if (uidProblem(uid) !== undefined) throw new Error(`invalid alert rule uid ${uid}`);
    if (this.rules.has(uid)) throw new Error(`alert rule ${uid} already exists in org ${this.org.id}`);
    const group = this.groupRules(input.folderUID, input.ruleGroup);
    const intervalSeconds =
      group[0]?.intervalSeconds ?? options.intervalSeconds ?? this.defaultIntervalSeconds;
    const prepared = prepareAlertRule(
      input,
      input.ruleGroup,
      this.ruleContext(intervalSeconds, true, 'none'),
    );
    if (isRuleProblem(prepared)) throw new Error(`alert rule is invalid: ${JSON.stringify(prepared)}`);
    const record: AlertRuleRecord = {
      ...prepared,
      id: this.nextRuleId(),
      uid,
      orgId: this.org.id,
      folderUid: input.folderUID,
      ruleGroup: input.ruleGroup,
      ruleGroupIndex: group.length + 1,
      intervalSeconds,
      updated: nowIso(),
      provenance: options.provenance ?? '',
    };
    this.rules.set(uid, record);
    return record;
  }

  /** A whole group: rules in the API's JSON shape, in order. */
  seedRuleGroup(
    folderUid: string,
    group: string,
    body: { interval: number; rules: JsonObject[] },
    options: SeedOptions = {},
  ): AlertRuleRecord[] {
    if (this.groupRules(folderUid, group).length > 0)
      throw new Error(`group ${folderUid}/${group} already exists`);
    return body.rules.map((rule) =>
      this.seedAlertRule(
        { ...rule, folderUID: folderUid, ruleGroup: group },
        { ...options, intervalSeconds: body.interval },
      ),
    );
  }

  seedContactPoint(input: SeedContactPointInput, options: SeedOptions = {}): IntegrationRecord {
    const uid = input.uid ?? shortUid();
    if (this.integration(uid) !== undefined) throw new Error(`contact point uid ${uid} is taken`);
    const problem = contactPointProblem(input.name, uid, input.type, input.settings);
    if (problem !== undefined) throw new Error(problem);
    const settings = structuredClone(input.settings);
    const secureSettings = extractSecrets(input.type, settings);
    const record: IntegrationRecord = {
      uid,
      name: input.name,
      type: input.type,
      settings,
      secureSettings,
      disableResolveMessage: input.disableResolveMessage ?? false,
      provenance: options.provenance ?? '',
    };
    this.integrations.push(record);
    return record;
  }

  seedTemplate(name: string, content: string, options: SeedOptions = {}): TemplateRecord {
    const normalised = normaliseTemplate(name, content);
    if ('error' in normalised) throw new Error(normalised.error);
    const record: TemplateRecord = {
      name,
      template: normalised.template,
      provenance: options.provenance ?? '',
    };
    this.templates.set(name, record);
    return record;
  }

  seedMuteTiming(input: SeedMuteTimingInput, options: SeedOptions = {}): MuteTimingRecord {
    if (this.muteTiming(input.name) !== undefined) throw new Error(`mute timing ${input.name} exists`);
    const intervals = decodeTimeIntervals(input.time_intervals ?? []);
    if (intervals === BIND_ERROR) throw new Error('time_intervals do not decode');
    const record: MuteTimingRecord = {
      name: input.name,
      timeIntervals: intervals,
      provenance: options.provenance ?? '',
    };
    this.muteTimings.push(record);
    return record;
  }

  /** Replaces the tree (no reference checks, as file provisioning at start-up would). */
  seedPolicyTree(route: JsonObject, options: SeedOptions = {}): PolicyTreeRecord {
    const decoded = decodeRoute(route);
    if (decoded === BIND_ERROR) throw new Error('route does not decode');
    this.policy = { route: decoded, provenance: options.provenance ?? '' };
    return this.policy;
  }

  // ---------------------------------------------------------------------------------------------
  // UI edits: no provenance change, refused for provisioned objects

  uiEditAlertRule(uid: string, edit: AlertRuleEdit): AlertRuleRecord {
    const rule = this.rules.get(uid);
    if (rule === undefined) throw new Error(`alert rule ${uid} does not exist in org ${this.org.id}`);
    refuseProvisioned('alert rule', uid, rule.provenance);
    const current = ruleDto(rule) as unknown as JsonObject;
    const input = decodeAlertRule({ ...current, ...edit });
    if (input === BIND_ERROR) throw new Error('edited alert rule does not decode');
    const prepared = prepareAlertRule(
      input,
      rule.ruleGroup,
      this.ruleContext(rule.intervalSeconds, true, 'none'),
    );
    if (isRuleProblem(prepared)) throw new Error(`edited alert rule is invalid: ${JSON.stringify(prepared)}`);
    Object.assign(rule, prepared, { updated: nowIso() });
    return rule;
  }

  uiEditContactPoint(uid: string, edit: ContactPointEdit): IntegrationRecord {
    const integration = this.integration(uid);
    if (integration === undefined)
      throw new Error(`contact point ${uid} does not exist in org ${this.org.id}`);
    refuseProvisioned('contact point', uid, integration.provenance);
    if (edit.settings !== undefined) {
      const settings = structuredClone(edit.settings);
      for (const key of secureKeysFor(integration.type) ?? []) {
        for (const [k, v] of Object.entries(settings)) {
          if (k.toLowerCase() === key.toLowerCase() && v === REDACTED) {
            settings[k] = integration.secureSettings[key] ?? '';
          }
        }
      }
      integration.secureSettings = extractSecrets(integration.type, settings);
      integration.settings = settings;
    }
    if (edit.disableResolveMessage !== undefined)
      integration.disableResolveMessage = edit.disableResolveMessage;
    if (edit.name !== undefined && edit.name !== integration.name) {
      const old = integration.name;
      integration.name = edit.name;
      if (this.integrationsOf(old).length === 0) this.renameReceiverReferences(old, edit.name);
    }
    return integration;
  }

  uiEditTemplate(name: string, content: string): TemplateRecord {
    const template = this.templates.get(name);
    if (template === undefined) throw new Error(`template ${name} does not exist in org ${this.org.id}`);
    refuseProvisioned('template', name, template.provenance);
    const normalised = normaliseTemplate(name, content);
    if ('error' in normalised) throw new Error(normalised.error);
    template.template = normalised.template;
    return template;
  }

  uiEditMuteTiming(name: string, timeIntervals: unknown[]): MuteTimingRecord {
    const timing = this.muteTiming(name);
    if (timing === undefined) throw new Error(`mute timing ${name} does not exist in org ${this.org.id}`);
    refuseProvisioned('mute timing', name, timing.provenance);
    const decoded = decodeTimeIntervals(timeIntervals);
    if (decoded === BIND_ERROR) throw new Error('time_intervals do not decode');
    timing.timeIntervals = decoded;
    return timing;
  }

  uiEditPolicyTree(route: JsonObject): PolicyTreeRecord {
    refuseProvisioned('notification policy tree', 'root', this.policy.provenance);
    const decoded = decodeRoute(route);
    if (decoded === BIND_ERROR) throw new Error('route does not decode');
    this.policy.route = decoded;
    return this.policy;
  }

  // ---------------------------------------------------------------------------------------------
  // Shared by the routes

  ruleContext(
    intervalSeconds: number,
    recordingRulesEnabled: boolean,
    groupByCheck: RuleContext['groupByCheck'],
  ): RuleContext {
    return {
      intervalSeconds,
      baseIntervalSeconds: this.baseIntervalSeconds,
      recordingRulesEnabled,
      receivers: this.receiverNames(),
      timeIntervals: this.timeIntervalNames(),
      groupByCheck,
    };
  }

  /** A receiver renamed away entirely: routes and rule notification settings follow (§8.4). */
  renameReceiverReferences(from: string, to: string): void {
    renameRouteReceiver(this.policy.route, from, to);
    for (const rule of this.rules.values()) {
      if (rule.notificationSettings?.receiver === from) rule.notificationSettings.receiver = to;
    }
  }
}

function refuseProvisioned(kind: string, key: string, provenance: Provenance): void {
  if (provenance !== '') {
    throw new Error(`the UI cannot edit ${kind} ${key}: it is provisioned (provenance ${provenance})`);
  }
}

function defaultIntegration(): IntegrationRecord {
  return {
    uid: shortUid(),
    name: DEFAULT_RECEIVER,
    type: 'email',
    settings: { addresses: '<example@email.com>' },
    secureSettings: {},
    disableResolveMessage: false,
    provenance: '',
  };
}

/** The org's alerting store, created on first use. */
export function alertingOf(org: OrgState): AlertingStore {
  return org.extension('alerting', () => new AlertingStore(org));
}
