/**
 * Contact points: `/api/v1/provisioning/contact-points` (§8.4, §8.8, §8.9, §15.5, §15.6), as
 * `api_provisioning.go` (12.x) and `provisioning/contactpoints.go` answer them:
 * - GET lists one entry per integration, sorted by name then uid, secure settings `[REDACTED]`;
 *   `?name=` keeps one receiver;
 * - POST 202 with the created integration (secrets redacted); a name in use appends to that
 *   receiver; a uid in use anywhere is a 500 (`ErrResp`) carrying `[…uidInUse]`;
 * - PUT 202 `{"message":"contactpoint updated"}`: `[REDACTED]` keeps the stored secret, an omitted
 *   secure key is cleared; validation (400) before the provenance check (500 text); a rename of the
 *   last integration renames the receiver in the policy tree and in rule notification settings;
 * - DELETE 202 `{"message":"contactpoint deleted"}`, also for an unknown uid; the last integration
 *   of a receiver the tree or a rule uses is a 409; no provenance check.
 */
import {
  BIND_ERROR,
  canChangeProvenanceStrict,
  contactPointProblem,
  decodeBool,
  decodeString,
  extractSecrets,
  field,
  getPath,
  isObject,
  REDACTED,
  secureKeysFor,
  setPath,
  sortKeysDeep,
} from '../alerting-model.js';
import { exportReply, type ContactPointExportInput } from '../alerting-export.js';
import {
  alertingOf,
  contactPointDto,
  receiverProvenance,
  type IntegrationRecord,
} from '../alerting-state.js';
import { hasPermission } from '../auth.js';
import { badRequestData, errutil, json, rbacDenied, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { JsonObject } from '../types.js';
import { compareStrings, parseGoBool, shortUid } from '../util.js';
import {
  bindBody,
  errResp,
  PROVISIONING,
  READ,
  READ_SECRETS,
  requestedProvenance,
  WRITE,
} from './alerting-common.js';

const CONTACT_POINTS = `${PROVISIONING}/contact-points`;

export const alertingContactPointRoutes: RouteModule = {
  name: 'alerting-contact-points',
  register(router) {
    router.get(CONTACT_POINTS, READ, listContactPoints);
    router.get(`${CONTACT_POINTS}/export`, READ, exportContactPoints);
    router.post(CONTACT_POINTS, WRITE, createContactPoint);
    router.put(`${CONTACT_POINTS}/:uid`, WRITE, updateContactPoint);
    router.delete(`${CONTACT_POINTS}/:uid`, WRITE, deleteContactPoint);
  },
};

interface ContactPointBody {
  uid: string;
  name: string;
  type: string;
  /** undefined when absent or null. */
  settings: JsonObject | undefined;
  disableResolveMessage: boolean;
}

/** `EmbeddedContactPoint`: `settings` is a `*simplejson.Json`, so it must be an object when present. */
function decodeContactPoint(value: unknown): ContactPointBody | typeof BIND_ERROR {
  if (!isObject(value)) return BIND_ERROR;
  const uid = decodeString(field(value, 'uid'));
  const name = decodeString(field(value, 'name'));
  const type = decodeString(field(value, 'type'));
  const disable = decodeBool(field(value, 'disableResolveMessage'));
  const settings = field(value, 'settings');
  if (uid === BIND_ERROR || name === BIND_ERROR || type === BIND_ERROR || disable === BIND_ERROR)
    return BIND_ERROR;
  if (settings !== undefined && !isObject(settings)) return BIND_ERROR;
  return {
    uid: uid ?? '',
    name: name ?? '',
    type: type ?? '',
    settings: settings === undefined ? undefined : structuredClone(settings),
    disableResolveMessage: disable ?? false,
  };
}

/** `ErrValidation` through `ErrResp(400)`. */
function invalidSpec(detail: string): Reply {
  return errResp(400, `invalid object specification: ${detail}`);
}

/** Integrations in the API's order: by receiver name, then uid. */
function sorted(integrations: readonly IntegrationRecord[]): IntegrationRecord[] {
  return [...integrations].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.uid, b.uid));
}

/** `?name=`: the first receiver with that name (there is at most one). */
function filterByName(ctx: RequestContext, integrations: IntegrationRecord[]): IntegrationRecord[] {
  const name = ctx.query.get('name') ?? '';
  return name === '' ? integrations : integrations.filter((i) => i.name === name);
}

/** Provenance as the profile reports it: per integration (11.x) or per receiver (12.x, main; §8.4). */
function listContactPoints(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  const all = store.integrations;
  const reported = (i: IntegrationRecord) =>
    ctx.options.contactPointProvenance === 'receiver' ? receiverProvenance(all, i.name) : i.provenance;
  return json(
    200,
    filterByName(ctx, sorted(store.integrations)).map((i) => contactPointDto(i, false, reported(i))),
  );
}

/**
 * `CreateContactPoint`: validation (400) on the settings with their secrets, uid generated or
 * validated (400), a uid used by any integration (500 `uidInUse`), then stored.
 */
function createContactPoint(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const body = decodeContactPoint(bound.value);
  if (body === BIND_ERROR) return badRequestData();
  const store = alertingOf(ctx.org());
  if (body.settings === undefined) return invalidSpec('settings should not be empty');
  const problem = contactPointProblem(body.name, body.uid, body.type, body.settings);
  if (problem !== undefined) return invalidSpec(problem);

  let uid = body.uid;
  if (uid === '') {
    uid = shortUid();
  } else if (!/^[a-zA-Z0-9\-_]+$/.test(uid) || uid.length > 40) {
    const reason = uid.length > 40 ? 'UID is longer than 40 symbols' : 'invalid UID';
    return invalidSpec(`cannot create contact point with UID '${uid}': ${reason}`);
  }
  const taken = store.integration(uid);
  if (taken !== undefined) {
    return errResp(
      500,
      `[alerting.notifications.contact-points.uidInUse] Receiver configuration with UID '${uid}' already exists ` +
        `in contact point '${taken.name}'. Please use unique identifiers for receivers across all contact points.`,
    );
  }
  const settings = structuredClone(body.settings);
  const secureSettings = extractSecrets(body.type, settings);
  const record: IntegrationRecord = {
    uid,
    name: body.name,
    type: body.type,
    settings,
    secureSettings,
    disableResolveMessage: body.disableResolveMessage,
    provenance: requestedProvenance(ctx),
  };
  // Appended after the receiver's other integrations, or as a new receiver at the end.
  const last = store.integrations.map((i) => i.name).lastIndexOf(record.name);
  if (last < 0) store.integrations.push(record);
  else store.integrations.splice(last + 1, 0, record);

  // The answer is the request with generated uid and redacted secrets; no provenance key.
  const answer: JsonObject = {
    uid,
    name: body.name,
    type: body.type,
    settings: structuredClone(body.settings),
    disableResolveMessage: body.disableResolveMessage,
  };
  for (const key of Object.keys(secureSettings)) setPath(answer.settings as JsonObject, key, REDACTED);
  answer.settings = sortKeysDeep(answer.settings);
  return json(202, answer);
}

/**
 * `UpdateContactPoint`: settings required (400); the stored integration (404 `ErrResp`); secure
 * keys sent as `[REDACTED]` refilled from it; validation (400); provenance (500 text); then the
 * integration is rebuilt from the request, so omitted secure keys are gone (§15.5).
 */
function updateContactPoint(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const body = decodeContactPoint(bound.value);
  if (body === BIND_ERROR) return badRequestData();
  const store = alertingOf(ctx.org());
  const uid = ctx.params.uid ?? '';
  if (body.settings === undefined) return invalidSpec('settings should not be empty');
  const existing = store.integration(uid);
  if (existing === undefined) {
    return errResp(404, `object not found: contact point with uid '${uid}' not found`);
  }
  const secureKeys = secureKeysFor(body.type);
  if (secureKeys === undefined) return invalidSpec(`no secrets configured for type '${body.type}'`);
  const settings = structuredClone(body.settings);
  for (const key of secureKeys) {
    if (getPath(settings, key) === REDACTED) {
      const stored = existing.secureSettings[key] ?? getPath(existing.settings, key);
      setPath(settings, key, typeof stored === 'string' ? stored : '');
    }
  }
  const problem = contactPointProblem(body.name, uid, body.type, settings);
  if (problem !== undefined) return invalidSpec(problem);
  const provenance = requestedProvenance(ctx);
  if (!canChangeProvenanceStrict(existing.provenance, provenance)) {
    return errResp(500, `cannot change provenance from '${existing.provenance}' to '${provenance}'`);
  }

  const oldName = existing.name;
  existing.secureSettings = extractSecrets(body.type, settings);
  existing.settings = settings;
  existing.type = body.type;
  existing.disableResolveMessage = body.disableResolveMessage;
  existing.provenance = provenance;
  if (body.name !== oldName) {
    // stitchReceiver: the integration moves to the receiver with the new name (appended), or to
    // a new receiver; the last one out renames the references.
    store.integrations.splice(store.integrations.indexOf(existing), 1);
    existing.name = body.name;
    const last = store.integrations.map((i) => i.name).lastIndexOf(body.name);
    if (last < 0) store.integrations.push(existing);
    else store.integrations.splice(last + 1, 0, existing);
    if (store.integrationsOf(oldName).length === 0) store.renameReceiverReferences(oldName, body.name);
  }
  return json(202, { message: 'contactpoint updated' });
}

/** `DeleteContactPoint`: 202 either way; the last integration of a used receiver is a 409. */
function deleteContactPoint(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  const existing = store.integration(ctx.params.uid ?? '');
  if (existing !== undefined) {
    const fullRemoval = store.integrationsOf(existing.name).length === 1;
    if (fullRemoval && store.policyUsesReceiver(existing.name)) {
      return errutil(
        409,
        'alerting.notifications.contact-points.referenced',
        'Contact point is currently referenced by a notification policy.',
      );
    }
    if (fullRemoval && store.rulesUsingReceiver(existing.name).length > 0) {
      return errutil(
        409,
        'alerting.notifications.contact-points.used-by-rule',
        'Contact point is currently used in the notification settings of one or many alert rules.',
      );
    }
    store.integrations.splice(store.integrations.indexOf(existing), 1);
  }
  return json(202, { message: 'contactpoint deleted' });
}

/**
 * `RouteGetContactPointsExport`: receivers with their integrations, sorted by name; `decrypt=true`
 * (needs `alert.provisioning.secrets:read`) exports the secrets in plain text.
 */
function exportContactPoints(ctx: RequestContext): Reply {
  const org = ctx.org();
  const decrypt = parseGoBool(ctx.query.get('decrypt'));
  if (decrypt && ctx.identity !== undefined && !hasPermission(ctx.identity, ctx.orgId, READ_SECRETS)) {
    return rbacDenied(READ_SECRETS);
  }
  const receivers: ContactPointExportInput[] = [];
  for (const integration of filterByName(ctx, sorted(alertingOf(org).integrations))) {
    const last = receivers.at(-1);
    if (last !== undefined && last.name === integration.name) last.integrations.push(integration);
    else receivers.push({ orgId: org.id, name: integration.name, integrations: [integration] });
  }
  return exportReply(ctx, { contactPoints: receivers, decrypt });
}
