/**
 * Alert rules and rule groups: `/api/v1/provisioning/alert-rules` and
 * `/api/v1/provisioning/folder/:folderUid/rule-groups/:group` (§8.2, §8.3, §8.8, §8.9), as
 * `pkg/services/ngalert/api/api_provisioning.go` (12.x, `@49f3fa91`) and
 * `provisioning/alert_rules.go` answer them for an org Admin (`CanWriteAllRules`):
 * - GET one: 404 with an empty body when missing; POST 201; PUT 200; DELETE 204 (also when missing);
 * - provenance: PUT refuses a change with a bare 500 (`{"message":"Internal Server Error"}`),
 *   DELETE and rule groups with 409 `alerting.provenanceMismatch`;
 * - a rule-group PUT replaces the whole group (rules not in the body are deleted, `rules` absent
 *   keeps them), answers with the request echoed, checks no folder, and writes nothing when
 *   nothing changed (models are compared as sent, so a model without Grafana's defaults always
 *   counts as a change);
 * - POST and PUT answer with the query models as sent: the defaults (`intervalMs`,
 *   `maxDataPoints`) and sorted keys appear on the next GET (the store normalises a copy);
 * - folders holding rules refuse deletion without `forceDeleteRules=true` (400 `folder.not-empty`).
 */
import {
  BIND_ERROR,
  canChangeProvenanceStrict,
  canUpdateProvenanceInRuleGroup,
  decodeAlertRule,
  decodeInt,
  decodeString,
  field,
  formatPromDuration,
  isObject,
  isRuleProblem,
  prepareAlertRule,
  ruleGroupIntervalProblem,
  sortKeysDeep,
  type AlertRuleInput,
  type PreparedRule,
  type Provenance,
  type RuleProblem,
} from '../alerting-model.js';
import { exportReply, type RuleGroupExportInput } from '../alerting-export.js';
import { alertingOf, ruleDto, type AlertingStore, type AlertRuleRecord } from '../alerting-state.js';
import { badRequestData, empty, errutil, json, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
import type { JsonObject } from '../types.js';
import { MAX_UID_LENGTH, nowIso, shortUid } from '../util.js';
import {
  bindBody,
  errResp,
  internalServerError,
  noContent,
  provenanceMismatch,
  PROVISIONING,
  READ,
  requestedProvenance,
  WRITE,
} from './alerting-common.js';

const RULES = `${PROVISIONING}/alert-rules`;
const GROUP = `${PROVISIONING}/folder/:folderUid/rule-groups/:group`;

export const alertingRuleRoutes: RouteModule = {
  name: 'alerting-rules',
  register(router, env) {
    router.get(RULES, READ, listRules);
    router.get(`${RULES}/export`, READ, exportRules);
    router.get(`${RULES}/:uid`, READ, getRule);
    router.get(`${RULES}/:uid/export`, READ, exportRule);
    router.post(RULES, WRITE, createRule);
    router.put(`${RULES}/:uid`, WRITE, updateRule);
    router.delete(`${RULES}/:uid`, WRITE, deleteRule);
    router.get(GROUP, READ, getGroup);
    router.get(`${GROUP}/export`, READ, exportGroup);
    router.put(GROUP, WRITE, putGroup);
    router.delete(GROUP, WRITE, deleteGroup);

    // 12.x's folder service counts the alert rules first (§4.3): `folder.ErrFolderNotEmpty`.
    env.state.addFolderDeleteGuard(({ org, folderUids, forceDeleteRules }) => {
      if (forceDeleteRules || alertingOf(org).rulesInFolders(folderUids).length === 0) return undefined;
      return errutil(400, 'folder.not-empty', 'Folder cannot be deleted: folder is not empty');
    });
    env.state.addFolderDeletedListener((org, folderUids) => {
      const store = alertingOf(org);
      store.deleteRules(store.rulesInFolders(folderUids).map((r) => r.uid));
    });
  },
};

// -------------------------------------------------------------------------------------------------
// Helpers

function recordingRulesEnabled(ctx: RequestContext): boolean {
  // GA in 12.x; only an explicit `false` turns Grafana-managed recording rules off.
  return ctx.options.featureToggles.grafanaManagedRecordingRules !== false;
}

/** `util.ValidateUID`. */
function uidError(uid: string): string | undefined {
  if (uid.length > MAX_UID_LENGTH) return `UID is longer than ${MAX_UID_LENGTH} symbols`;
  if (!/^[a-zA-Z0-9\-_]+$/.test(uid)) return 'invalid UID';
  return undefined;
}

function problemReply(problem: RuleProblem, prefix = ''): Reply {
  if (problem.kind === 'validation') return errResp(400, prefix + problem.message);
  return errutil(problem.status, problem.messageId, problem.message, problem.extra);
}

/** `ErrAlertRuleGroupNotFound`: no public message, so the status reason. */
function groupNotFound(): Reply {
  return errutil(404, 'alerting.alert-rule.notFound', 'NotFound');
}

/** `ensureNamespace` (single-rule POST and PUT only). */
function namespaceProblem(org: OrgState, folderUid: string): Reply | undefined {
  if (folderUid === '') return errResp(400, 'invalid alert rule: folderUID must be set');
  if (org.folder(folderUid) === undefined) return errResp(400, 'invalid alert rule: folder does not exist');
  return undefined;
}

/** The response of POST/PUT: the rule as stored, but with the queries as they were sent. */
function writtenRuleDto(rule: AlertRuleRecord, input: AlertRuleInput): JsonObject {
  const dto = ruleDto(rule) as unknown as JsonObject;
  dto.data = (input.data ?? []).map((q, i) => ({
    refId: q.refId,
    queryType: q.queryType,
    relativeTimeRange: { ...q.relativeTimeRange },
    datasourceUid: q.datasourceUid,
    model: structuredClone(input.rawModels[i] ?? null),
  }));
  return dto;
}

function storeRecord(
  store: AlertingStore,
  prepared: PreparedRule,
  placement: { uid: string; folderUid: string; ruleGroup: string; index: number; intervalSeconds: number },
  provenance: Provenance,
  existing?: AlertRuleRecord,
): AlertRuleRecord {
  const record: AlertRuleRecord = {
    ...prepared,
    id: existing?.id ?? store.nextRuleId(),
    uid: placement.uid,
    orgId: store.orgId,
    folderUid: placement.folderUid,
    ruleGroup: placement.ruleGroup,
    ruleGroupIndex: placement.index,
    intervalSeconds: placement.intervalSeconds,
    updated: nowIso(),
    provenance,
  };
  store.rules.set(record.uid, record);
  return record;
}

// -------------------------------------------------------------------------------------------------
// Single rules (§8.2)

function listRules(ctx: RequestContext): Reply {
  return json(200, alertingOf(ctx.org()).listRules().map(ruleDto));
}

function getRule(ctx: RequestContext): Reply {
  const rule = alertingOf(ctx.org()).rule(ctx.params.uid ?? '');
  return rule === undefined ? empty(404) : json(200, ruleDto(rule));
}

/**
 * `RoutePostAlertRule` → `CreateAlertRule`: uid (generated or validated), folder (400), the
 * group's interval (or the default), validation (400), uid conflict (409 errutil), provenance set.
 */
function createRule(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const input = decodeAlertRule(bound.value);
  if (input === BIND_ERROR) return badRequestData();
  const org = ctx.org();
  const store = alertingOf(org);
  const recording = recordingRulesEnabled(ctx);
  if (input.record !== null && !recording) {
    return errResp(400, 'invalid alert rule: recording rules cannot be created on this instance');
  }

  const uid = input.uid === '' ? shortUid() : input.uid;
  const badUid = input.uid === '' ? undefined : uidError(uid);
  if (badUid !== undefined)
    return errResp(400, `invalid alert rule: cannot create rule with UID '${uid}': ${badUid}`);
  const folderProblem = namespaceProblem(org, input.folderUID);
  if (folderProblem !== undefined) return folderProblem;

  const group = store.groupRules(input.folderUID, input.ruleGroup);
  const intervalSeconds = group[0]?.intervalSeconds ?? store.defaultIntervalSeconds;
  const prepared = prepareAlertRule(
    input,
    input.ruleGroup,
    store.ruleContext(intervalSeconds, recording, ctx.options.notificationGroupByCheck),
  );
  if (isRuleProblem(prepared)) return problemReply(prepared);

  if (store.rule(uid) !== undefined) {
    const dbError = 'UNIQUE constraint failed: alert_rule.org_id, alert_rule.uid';
    return errutil(
      409,
      'alerting.alert-rule.conflict',
      `Failed to save alert rule '${uid}' in organization ${org.id} due to conflict: ${dbError}`,
      { Error: dbError, OrgID: org.id, RuleUID: uid },
    );
  }
  const record = storeRecord(
    store,
    prepared,
    { uid, folderUid: input.folderUID, ruleGroup: input.ruleGroup, index: group.length + 1, intervalSeconds },
    requestedProvenance(ctx),
  );
  return json(201, writtenRuleDto(record, input));
}

/**
 * `RoutePutAlertRule` → `UpdateAlertRule`: folder (400), rule (404 empty), provenance (a plain
 * error: 500 with the generic body in 12.x), then validation (400). `id` and the interval are
 * kept; the rule may move to another folder or group named in the body.
 */
function updateRule(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const input = decodeAlertRule(bound.value);
  if (input === BIND_ERROR) return badRequestData();
  const org = ctx.org();
  const store = alertingOf(org);
  const recording = recordingRulesEnabled(ctx);
  if (input.record !== null && !recording) {
    return errResp(400, 'invalid alert rule: recording rules cannot be created on this instance');
  }
  const folderProblem = namespaceProblem(org, input.folderUID);
  if (folderProblem !== undefined) return folderProblem;
  const existing = store.rule(ctx.params.uid ?? '');
  if (existing === undefined) return empty(404);
  const provenance = requestedProvenance(ctx);
  if (!canChangeProvenanceStrict(existing.provenance, provenance)) return internalServerError();

  const prepared = prepareAlertRule(
    input,
    input.ruleGroup,
    store.ruleContext(existing.intervalSeconds, recording, ctx.options.notificationGroupByCheck),
  );
  if (isRuleProblem(prepared)) return problemReply(prepared);
  const moved = existing.folderUid !== input.folderUID || existing.ruleGroup !== input.ruleGroup;
  const index = moved
    ? store.groupRules(input.folderUID, input.ruleGroup).length + 1
    : existing.ruleGroupIndex;
  const record = storeRecord(
    store,
    prepared,
    {
      uid: existing.uid,
      folderUid: input.folderUID,
      ruleGroup: input.ruleGroup,
      index,
      intervalSeconds: existing.intervalSeconds,
    },
    provenance,
    existing,
  );
  return json(200, writtenRuleDto(record, input));
}

/** `DeleteAlertRule`: provenance first (409, also for a uid that does not exist), then 204. */
function deleteRule(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  const uid = ctx.params.uid ?? '';
  const stored = store.rule(uid)?.provenance ?? '';
  const provenance = requestedProvenance(ctx);
  if (!canChangeProvenanceStrict(stored, provenance)) return provenanceMismatch('delete', stored, provenance);
  store.deleteRules([uid]);
  return noContent();
}

// -------------------------------------------------------------------------------------------------
// Rule groups (§8.3)

function getGroup(ctx: RequestContext): Reply {
  const folderUid = ctx.params.folderUid ?? '';
  const group = ctx.params.group ?? '';
  const rules = alertingOf(ctx.org()).groupRules(folderUid, group);
  if (rules.length === 0) return groupNotFound();
  return json(200, {
    title: group,
    folderUid,
    interval: (rules[0] as AlertRuleRecord).intervalSeconds,
    // `RouteGetAlertRuleGroup` builds the rules without their provenance (12.x): never in this GET.
    rules: rules.map((rule) => ruleDto({ ...rule, provenance: '' })),
  });
}

interface GroupBody {
  interval: number;
  /** null: the key was absent (keep the stored rules, change only the interval). */
  rules: AlertRuleInput[] | null;
}

function decodeGroup(value: unknown): GroupBody | typeof BIND_ERROR {
  if (!isObject(value)) return BIND_ERROR;
  const title = decodeString(field(value, 'title'));
  const folderUid = decodeString(field(value, 'folderUid'));
  const interval = decodeInt(field(value, 'interval'));
  if (title === BIND_ERROR || folderUid === BIND_ERROR || interval === BIND_ERROR) return BIND_ERROR;
  const rawRules = field(value, 'rules');
  let rules: AlertRuleInput[] | null = null;
  if (rawRules !== undefined) {
    if (!Array.isArray(rawRules)) return BIND_ERROR;
    rules = [];
    for (const raw of rawRules) {
      const rule = decodeAlertRule(raw);
      if (rule === BIND_ERROR) return BIND_ERROR;
      rules.push(rule);
    }
  }
  return { interval: interval ?? 0, rules };
}

/** A stored rule as the input a body would carry (for `rules` absent: keep them). */
function inputOf(rule: AlertRuleRecord): AlertRuleInput {
  const decoded = decodeAlertRule(ruleDto(rule));
  if (decoded === BIND_ERROR) throw new Error(`stored rule ${rule.uid} does not decode`);
  return decoded;
}

/** What `models.AlertRule.Diff` compares (models as compact JSON, so key order and defaults count). */
function contentKey(
  placement: { folderUid: string; ruleGroup: string; index: number; intervalSeconds: number },
  rule: {
    title: string;
    condition: string;
    data: Array<{
      refId: string;
      queryType: string;
      from: number;
      to: number;
      datasourceUid: string;
      model: string;
    }>;
    noDataState: string;
    execErrState: string;
    forMs: number;
    keepFiringForMs: number;
    annotations: Record<string, string>;
    labels: Record<string, string>;
    isPaused: boolean;
    notificationSettings: unknown;
    record: unknown;
    missing: number | undefined;
  },
): string {
  return JSON.stringify(sortKeysDeep({ ...placement, ...rule }));
}

function storedKey(rule: AlertRuleRecord): string {
  return contentKey(
    {
      folderUid: rule.folderUid,
      ruleGroup: rule.ruleGroup,
      index: rule.ruleGroupIndex,
      intervalSeconds: rule.intervalSeconds,
    },
    {
      title: rule.title,
      condition: rule.condition,
      data: rule.data.map((q) => ({
        refId: q.refId,
        queryType: q.queryType,
        from: q.relativeTimeRange.from,
        to: q.relativeTimeRange.to,
        datasourceUid: q.datasourceUid,
        model: JSON.stringify(q.model),
      })),
      noDataState: rule.noDataState,
      execErrState: rule.execErrState,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
      annotations: rule.annotations,
      labels: rule.labels,
      isPaused: rule.isPaused,
      notificationSettings: rule.notificationSettings,
      record: rule.record,
      missing: rule.missingSeriesEvalsToResolve,
    },
  );
}

function requestedKey(
  input: AlertRuleInput,
  placement: { folderUid: string; ruleGroup: string; index: number; intervalSeconds: number },
): string {
  return contentKey(placement, {
    title: input.title,
    condition: input.condition,
    data: (input.data ?? []).map((q, i) => ({
      refId: q.refId,
      queryType: q.queryType,
      from: q.relativeTimeRange.from,
      to: q.relativeTimeRange.to,
      datasourceUid: q.datasourceUid,
      model: JSON.stringify(input.rawModels[i] ?? null),
    })),
    noDataState: input.noDataState,
    execErrState: input.execErrState,
    forMs: input.forMs,
    keepFiringForMs: input.keepFiringForMs,
    annotations: input.annotations,
    labels: input.labels,
    isPaused: input.isPaused,
    notificationSettings: input.notificationSettings,
    record: input.record,
    missing: input.missingSeriesEvalsToResolve,
  });
}

interface PlannedRule {
  input: AlertRuleInput;
  uid: string;
  index: number;
  existing: AlertRuleRecord | undefined;
}

/**
 * `ReplaceRuleGroup`: interval (400), rule uids (400), the delta (stored rules matched by uid,
 * anywhere in the org), nothing when the delta is empty; else provenance of deleted then updated
 * rules (409), validation of updated then new rules (400), and the whole change at once.
 */
function putGroup(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const body = decodeGroup(bound.value);
  if (body === BIND_ERROR) return badRequestData();
  const folderUid = ctx.params.folderUid ?? '';
  const group = ctx.params.group ?? '';
  const store = alertingOf(ctx.org());
  const provenance = requestedProvenance(ctx);
  const recording = recordingRulesEnabled(ctx);

  const intervalProblem = ruleGroupIntervalProblem(body.interval, store.baseIntervalSeconds);
  if (intervalProblem !== undefined) return errResp(400, intervalProblem);
  for (const rule of body.rules ?? []) {
    const badUid = rule.uid === '' ? undefined : uidError(rule.uid);
    if (badUid !== undefined) {
      return errResp(
        400,
        `invalid alert rule: cannot create rule with UID ${JSON.stringify(rule.uid)}: ${badUid}`,
      );
    }
  }

  const current = store.groupRules(folderUid, group);
  const inputs = body.rules ?? current.map(inputOf);
  const planned: PlannedRule[] = inputs.map((input, i) => ({
    input,
    uid: input.uid,
    index: i + 1,
    existing: input.uid === '' ? undefined : store.rule(input.uid),
  }));
  const keptUids = new Set(planned.map((p) => p.uid).filter((uid) => uid !== ''));
  const deletes = current.filter((r) => !keptUids.has(r.uid));
  const placementOf = (p: PlannedRule) => ({
    folderUid,
    ruleGroup: group,
    index: p.index,
    intervalSeconds: body.interval,
  });
  const updates = planned.filter(
    (p) => p.existing !== undefined && storedKey(p.existing) !== requestedKey(p.input, placementOf(p)),
  );
  const inserts = planned.filter((p) => p.existing === undefined);

  const echo = json(200, echoGroup(folderUid, group, body));
  if (deletes.length === 0 && updates.length === 0 && inserts.length === 0) return echo;

  for (const rule of deletes) {
    if (!canUpdateProvenanceInRuleGroup(rule.provenance, provenance)) {
      return provenanceMismatch('delete', rule.provenance, provenance);
    }
  }
  for (const p of updates) {
    const stored = (p.existing as AlertRuleRecord).provenance;
    if (!canUpdateProvenanceInRuleGroup(stored, provenance))
      return provenanceMismatch('update', stored, provenance);
  }
  const context = store.ruleContext(body.interval, recording, ctx.options.notificationGroupByCheck);
  const prepare = (p: PlannedRule, prefix: string): PreparedRule | Reply => {
    const prepared = prepareAlertRule(p.input, group, context);
    return isRuleProblem(prepared) ? problemReply(prepared, prefix) : prepared;
  };
  const preparedUpdates: PreparedRule[] = [];
  for (const p of updates) {
    const prepared = prepare(p, 'failed to update alert rules: ');
    if ('status' in prepared) return prepared;
    preparedUpdates.push(prepared);
  }
  const preparedInserts: PreparedRule[] = [];
  for (const p of inserts) {
    const prepared = prepare(p, 'failed to insert alert rules: ');
    if ('status' in prepared) return prepared;
    preparedInserts.push(prepared);
  }

  store.deleteRules(deletes.map((r) => r.uid));
  updates.forEach((p, i) => {
    storeRecord(
      store,
      preparedUpdates[i] as PreparedRule,
      { uid: p.uid, ...placementOf(p) },
      provenance,
      p.existing,
    );
  });
  inserts.forEach((p, i) => {
    const uid = p.uid === '' ? shortUid() : p.uid;
    storeRecord(store, preparedInserts[i] as PreparedRule, { uid, ...placementOf(p) }, provenance);
  });
  // Unchanged rules keep their provenance and `updated`, but follow the new positions.
  for (const p of planned) {
    if (p.existing !== undefined && !updates.includes(p)) p.existing.ruleGroupIndex = p.index;
  }
  return echo;
}

/** The PUT body as Go re-marshals the bound `AlertRuleGroup` (title and folder from the path). */
function echoGroup(folderUid: string, group: string, body: GroupBody): JsonObject {
  return {
    title: group,
    folderUid,
    interval: body.interval,
    rules: body.rules === null ? null : body.rules.map(echoRule),
  };
}

function echoRule(input: AlertRuleInput): JsonObject {
  const out: JsonObject = {
    id: input.id,
    uid: input.uid,
    orgID: input.orgID,
    folderUID: input.folderUID,
    ruleGroup: input.ruleGroup,
    title: input.title,
    condition: input.condition,
    data:
      input.data === null
        ? null
        : input.data.map((q, i) => ({
            refId: q.refId,
            queryType: q.queryType,
            relativeTimeRange: { ...q.relativeTimeRange },
            datasourceUid: q.datasourceUid,
            model: structuredClone(input.rawModels[i] ?? null),
          })),
    updated: input.updated ?? '0001-01-01T00:00:00Z',
    noDataState: input.noDataState,
    execErrState: input.execErrState,
    for: formatPromDuration(input.forMs),
    keep_firing_for: formatPromDuration(input.keepFiringForMs),
  };
  if (Object.keys(input.annotations).length > 0) out.annotations = sortKeysDeep(input.annotations);
  if (Object.keys(input.labels).length > 0) out.labels = sortKeysDeep(input.labels);
  if (input.sentProvenance !== '') out.provenance = input.sentProvenance;
  out.isPaused = input.isPaused;
  out.notification_settings = input.notificationSettings === null ? null : { ...input.notificationSettings };
  out.record = input.record === null ? null : { ...input.record };
  if (input.missingSeriesEvalsToResolve !== undefined)
    out.missingSeriesEvalsToResolve = input.missingSeriesEvalsToResolve;
  return out;
}

/** `DeleteRuleGroup`: a missing group is 404 before any provenance check (§15.7); then 409 or 204. */
function deleteGroup(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  const rules = store.groupRules(ctx.params.folderUid ?? '', ctx.params.group ?? '');
  if (rules.length === 0) return groupNotFound();
  const provenance = requestedProvenance(ctx);
  for (const rule of rules) {
    if (!canUpdateProvenanceInRuleGroup(rule.provenance, provenance)) {
      return provenanceMismatch('delete', rule.provenance, provenance);
    }
  }
  store.deleteRules(rules.map((r) => r.uid));
  return noContent();
}

// -------------------------------------------------------------------------------------------------
// Exports (§8.8)

/** The folder's full path of titles, `/` inside a title escaped as `\/` (`Fullpath`). */
function folderPath(org: OrgState, folderUid: string): string | undefined {
  const folder = org.folder(folderUid);
  if (folder === undefined) return undefined;
  return [...org.folderParents(folderUid), folder].map((f) => f.title.replaceAll('/', '\\/')).join('/');
}

function groupExportInput(org: OrgState, rules: AlertRuleRecord[]): RuleGroupExportInput | undefined {
  const first = rules[0] as AlertRuleRecord;
  const path = folderPath(org, first.folderUid);
  if (path === undefined) return undefined;
  return {
    orgId: org.id,
    folderUid: first.folderUid,
    folderPath: path,
    name: first.ruleGroup,
    intervalSeconds: first.intervalSeconds,
    rules,
  };
}

/**
 * `RouteGetAlertRulesExport`: `ruleUid` alone, or `group` with exactly one `folderUid`, or every
 * group (optionally of some folders), sorted by folder path and group; none → 404 empty.
 */
function exportRules(ctx: RequestContext): Reply {
  const folderUids = ctx.query.getAll('folderUid');
  const group = ctx.query.get('group') ?? '';
  const ruleUid = ctx.query.get('ruleUid') ?? '';
  if (ruleUid !== '') {
    if (group !== '' || folderUids.length > 0) {
      return errResp(400, 'group and folder should not be specified when a single rule is requested');
    }
    return exportOneRule(ctx, ruleUid);
  }
  if (group !== '') {
    if (folderUids.length !== 1 || folderUids[0] === '') {
      return errResp(
        400,
        `group name must be specified together with a single folder_uid parameter. Got ${folderUids.length}`,
      );
    }
    return exportOneGroup(ctx, folderUids[0] as string, group);
  }
  const org = ctx.org();
  const store = alertingOf(org);
  const groups: RuleGroupExportInput[] = [];
  for (const key of store.groupKeys()) {
    if (folderUids.length > 0 && !folderUids.includes(key.folderUid)) continue;
    const input = groupExportInput(org, store.groupRules(key.folderUid, key.group));
    if (input === undefined) return internalServerError('failed to get alert rules');
    groups.push(input);
  }
  if (groups.length === 0) return empty(404);
  groups.sort((a, b) =>
    a.folderPath < b.folderPath ? -1 : a.folderPath > b.folderPath ? 1 : a.name < b.name ? -1 : 1,
  );
  return exportReply(ctx, { groups });
}

function exportRule(ctx: RequestContext): Reply {
  return exportOneRule(ctx, ctx.params.uid ?? '');
}

/** `RouteGetAlertRuleExport`: a missing rule is `ErrResp(404)` with `could not find alert rule`. */
function exportOneRule(ctx: RequestContext, uid: string): Reply {
  const org = ctx.org();
  const rule = alertingOf(org).rule(uid);
  if (rule === undefined) return errResp(404, 'could not find alert rule');
  const input = groupExportInput(org, [rule]);
  if (input === undefined) return internalServerError('failed to get alert rules');
  return exportReply(ctx, { groups: [input] });
}

function exportGroup(ctx: RequestContext): Reply {
  return exportOneGroup(ctx, ctx.params.folderUid ?? '', ctx.params.group ?? '');
}

function exportOneGroup(ctx: RequestContext, folderUid: string, group: string): Reply {
  const org = ctx.org();
  const rules = alertingOf(org).groupRules(folderUid, group);
  if (rules.length === 0) return groupNotFound();
  const input = groupExportInput(org, rules);
  if (input === undefined) return internalServerError('failed to get alert rule group');
  return exportReply(ctx, { groups: [input] });
}
