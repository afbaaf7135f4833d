/**
 * Mute timings: `/api/v1/provisioning/mute-timings` (§8.7, §8.8, §8.9), as `api_provisioning.go`
 * and `provisioning/mute_timings.go` (12.x) answer them:
 * - GET lists by name; GET one by name or uid (`NameToUid`), 404 `time-intervals.notFound`;
 * - POST 201 the stored timing; a name in use is a 400 `time-intervals.nameExists` (not a 409);
 *   malformed ranges fail the bind (400 `bad request data`), a missing name is 400 `invalidFormat`;
 * - PUT 202: a body `name` other than the path renames, and the path is then the timing's uid;
 *   404, then a taken new name (400), provenance (403, relaxed), `version` (409 `conflict`), and a
 *   rename blocked by differently provisioned routes or rules (409 `usedProvisioned`); a rename
 *   follows into the policy tree and rule notification settings;
 * - DELETE 204, also when missing; provenance (403), used by the tree (409 `used`), `version` (409),
 *   used by rules (409 `used`).
 */
import {
  BIND_ERROR,
  canChangeProvenanceRelaxed,
  decodeString,
  decodeTimeIntervals,
  field,
  isObject,
  muteTimingFingerprint,
  nameToUid,
  renameRouteTimeInterval,
  routeTimeIntervals,
  type Provenance,
  type TimeIntervalRecord,
} from '../alerting-model.js';
import { exportReply } from '../alerting-export.js';
import { alertingOf, muteTimingDto, type AlertingStore, type MuteTimingRecord } from '../alerting-state.js';
import { badRequestData, empty, errutil, json, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { JsonObject } from '../types.js';
import { compareStrings } from '../util.js';
import {
  bindBody,
  invalidProvenance,
  noContent,
  PROVISIONING,
  READ,
  requestedProvenance,
  versionConflict,
  WRITE,
} from './alerting-common.js';

const MUTE_TIMINGS = `${PROVISIONING}/mute-timings`;

export const alertingMuteTimingRoutes: RouteModule = {
  name: 'alerting-mute-timings',
  register(router) {
    router.get(MUTE_TIMINGS, READ, listMuteTimings);
    router.get(`${MUTE_TIMINGS}/export`, READ, exportMuteTimings);
    router.get(`${MUTE_TIMINGS}/:name`, READ, getMuteTiming);
    router.get(`${MUTE_TIMINGS}/:name/export`, READ, exportMuteTiming);
    router.post(MUTE_TIMINGS, WRITE, createMuteTiming);
    router.put(`${MUTE_TIMINGS}/:name`, WRITE, updateMuteTiming);
    router.delete(`${MUTE_TIMINGS}/:name`, WRITE, deleteMuteTiming);
  },
};

interface MuteTimingBody {
  name: string;
  timeIntervals: TimeIntervalRecord[];
  version: string;
}

function decodeMuteTiming(value: unknown): MuteTimingBody | typeof BIND_ERROR {
  if (!isObject(value)) return BIND_ERROR;
  const name = decodeString(field(value, 'name'));
  const version = decodeString(field(value, 'version'));
  const provenance = decodeString(field(value, 'provenance'));
  const intervals = decodeTimeIntervals(field(value, 'time_intervals'));
  if (
    name === BIND_ERROR ||
    version === BIND_ERROR ||
    provenance === BIND_ERROR ||
    intervals === BIND_ERROR
  ) {
    return BIND_ERROR;
  }
  return { name: name ?? '', timeIntervals: intervals, version: version ?? '' };
}

function notFound(): Reply {
  return errutil(404, 'alerting.notifications.time-intervals.notFound', 'NotFound');
}

function nameExists(): Reply {
  return errutil(
    400,
    'alerting.notifications.time-intervals.nameExists',
    'Time interval with this name already exists. Use a different name or update existing one.',
  );
}

/** `MuteTimeInterval.Validate` → `MakeErrTimeIntervalInvalid`. */
function invalidFormat(detail: string): Reply {
  return errutil(
    400,
    'alerting.notifications.time-intervals.invalidFormat',
    'Time interval is in invalid format. Correct the payload and try again.',
    { Error: detail },
  );
}

/** `MakeErrTimeIntervalInUse`: a template without a public message. */
function inUse(usedByRoutes: boolean, ruleUids: readonly string[]): Reply {
  const extra: JsonObject = {};
  if (ruleUids.length > 0) extra.UsedByRules = [...ruleUids];
  if (usedByRoutes) extra.UsedByRoutes = true;
  return errutil(409, 'alerting.notifications.time-intervals.used', 'Conflict', extra);
}

function provenanceRefusal(timing: MuteTimingRecord, requested: Provenance): Reply | undefined {
  if (
    timing.provenance === 'converted_prometheus' ||
    !canChangeProvenanceRelaxed(timing.provenance, requested)
  ) {
    return invalidProvenance(timing.provenance, requested);
  }
  return undefined;
}

function listMuteTimings(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  return json(200, sortedTimings(store).map(muteTimingDto));
}

function sortedTimings(store: AlertingStore): MuteTimingRecord[] {
  return [...store.muteTimings].sort((a, b) => compareStrings(a.name, b.name));
}

function getMuteTiming(ctx: RequestContext): Reply {
  const timing = alertingOf(ctx.org()).muteTiming(ctx.params.name ?? '');
  return timing === undefined ? notFound() : json(200, muteTimingDto(timing));
}

function createMuteTiming(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const body = decodeMuteTiming(bound.value);
  if (body === BIND_ERROR) return badRequestData();
  if (body.name === '') return invalidFormat('missing name in mute time interval');
  const store = alertingOf(ctx.org());
  if (store.muteTimings.some((t) => t.name === body.name)) return nameExists();
  const record: MuteTimingRecord = {
    name: body.name,
    timeIntervals: body.timeIntervals,
    provenance: requestedProvenance(ctx),
  };
  store.muteTimings.push(record);
  return json(201, muteTimingDto(record));
}

function updateMuteTiming(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const body = decodeMuteTiming(bound.value);
  if (body === BIND_ERROR) return badRequestData();
  const path = ctx.params.name ?? '';
  // No name in the body: the path names it; another name: the path is the uid and this renames.
  const name = body.name === '' ? path : body.name;
  const renameByUid = name !== path;
  const store = alertingOf(ctx.org());
  const existing = renameByUid
    ? store.muteTimings.find((t) => nameToUid(t.name) === path)
    : store.muteTimings.find((t) => t.name === name);
  if (existing === undefined) return notFound();
  if (existing.name !== name && store.muteTimings.some((t) => t.name === name)) return nameExists();
  const provenance = requestedProvenance(ctx);
  const refused = provenanceRefusal(existing, provenance);
  if (refused !== undefined) return refused;
  if (body.version !== '' && body.version !== muteTimingFingerprint(existing.name, existing.timeIntervals)) {
    return versionConflict();
  }
  if (existing.name !== name) {
    const blocked = renameDependents(store, existing.name, name, provenance);
    if (blocked !== undefined) return blocked;
  }
  existing.name = name;
  existing.timeIntervals = body.timeIntervals;
  existing.provenance = provenance;
  return json(202, muteTimingDto(existing));
}

/**
 * `renameTimeIntervalInDependentResources`: routes and rules that use the old name follow the
 * rename when their provenance equals the timing's or is none; otherwise nothing changes (409).
 */
function renameDependents(
  store: AlertingStore,
  from: string,
  to: string,
  provenance: Provenance,
): Reply | undefined {
  const allowed = (p: Provenance): boolean => p === provenance || p === '';
  const routeUses = routeTimeIntervals(store.policy.route).has(from);
  const blockedRoutes = routeUses && !allowed(store.policy.provenance);
  const rules = store.rulesUsingTimeInterval(from);
  const blockedRules = rules.filter((r) => !allowed(r.provenance)).map((r) => r.uid);
  if (blockedRoutes || blockedRules.length > 0) {
    const what = [blockedRules.length > 0 ? 'alert rules' : '', blockedRoutes ? 'notification policies' : '']
      .filter((w) => w !== '')
      .join(' and ');
    const extra: JsonObject = {};
    if (blockedRules.length > 0) extra.UsedByRules = blockedRules;
    if (blockedRoutes) extra.UsedByRoutes = true;
    return errutil(
      409,
      'alerting.notifications.time-intervals.usedProvisioned',
      `Time interval cannot be renamed because it is used by provisioned ${what}. You must update those ` +
        'resources first using the original provision method.',
      extra,
    );
  }
  renameRouteTimeInterval(store.policy.route, from, to);
  for (const rule of rules) {
    const s = rule.notificationSettings;
    if (s === null) continue;
    s.mute_time_intervals = s.mute_time_intervals?.map((n) => (n === from ? to : n));
    s.active_time_intervals = s.active_time_intervals?.map((n) => (n === from ? to : n));
  }
  return undefined;
}

function deleteMuteTiming(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  const existing = store.muteTiming(ctx.params.name ?? '');
  if (existing === undefined) return noContent();
  const refused = provenanceRefusal(existing, requestedProvenance(ctx));
  if (refused !== undefined) return refused;
  const rules = store.rulesUsingTimeInterval(existing.name).map((r) => r.uid);
  if (store.policyUsesTimeInterval(existing.name)) return inUse(true, rules);
  const version = ctx.query.get('version') ?? '';
  if (version !== '' && version !== muteTimingFingerprint(existing.name, existing.timeIntervals)) {
    return versionConflict();
  }
  if (rules.length > 0) return inUse(false, rules);
  store.muteTimings.splice(store.muteTimings.indexOf(existing), 1);
  return noContent();
}

function exportMuteTimings(ctx: RequestContext): Reply {
  const org = ctx.org();
  const timings = sortedTimings(alertingOf(org)).map((timing) => ({ orgId: org.id, timing }));
  return exportReply(ctx, { muteTimes: timings });
}

/** `RouteGetMuteTimingExport`: by exact name; a missing one is a 404 with an empty body. */
function exportMuteTiming(ctx: RequestContext): Reply {
  const org = ctx.org();
  const timing = alertingOf(org).muteTimings.find((t) => t.name === ctx.params.name);
  if (timing === undefined) return empty(404);
  return exportReply(ctx, { muteTimes: [{ orgId: org.id, timing }] });
}
