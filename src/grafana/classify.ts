/**
 * Maps a failed Grafana call to its typed error.
 *
 * Contract §11.1: "Parse on messageId and status, never on message". The order below is: the
 * structured fields of the body (errutil `messageId`, DashboardErr `status`, k8s `reason`), then
 * the HTTP status. Message text is consulted only for the few bodies that carry nothing but a
 * `message` and where the status alone gives the wrong class; each such case is listed in
 * MESSAGE_ONLY_RULES with its contract section.
 */
import { parseErrorDetails, type GrafanaErrorDetails } from './error-body.js';
import {
  GrafanaAlreadyExistsError,
  GrafanaApiError,
  GrafanaConflictError,
  GrafanaForbiddenError,
  GrafanaLibraryElementExistsError,
  GrafanaNotFoundError,
  GrafanaProvenanceConflictError,
  GrafanaUnauthorizedError,
  GrafanaUnavailableError,
  GrafanaValidationError,
  GrafanaVersionMismatchError,
  type GrafanaErrorInit,
} from './errors.js';

type ErrorClass = new (init: GrafanaErrorInit) => GrafanaApiError;

export interface FailedResponse {
  method: string;
  route: string;
  status: number;
  body: unknown;
  retryAfterMs?: number;
  attempts?: number;
}

export interface FailedConnection {
  method: string;
  route: string;
  code: string;
  /** Already free of secrets. */
  detail: string;
  attempts?: number;
}

/**
 * Authentication failures that some Grafana versions answer with 400 instead of 401 (contract
 * §1.3: `basic-auth.invalid-header`, and `password-auth.*` in some 10.x/11.x builds).
 */
const AUTHENTICATION_MESSAGE_ID_PREFIXES = [
  'auth.',
  'api-key.',
  'basic-auth.',
  'password-auth.',
  'login-attempt.',
  'user.sync.',
  'identity.',
];

/** errutil ids whose meaning differs from what their HTTP status would suggest. */
const MESSAGE_ID_CLASSES: ReadonlyMap<string, ErrorClass> = new Map<string, ErrorClass>([
  // Template and mute-timing version (fingerprint) mismatch, 409 (§8.6, §8.7).
  ['alerting.notifications.conflict', GrafanaVersionMismatchError],
  // Contact point uid used by another integration: an errutil Conflict forced to 500 by ErrResp (§8.4, §15.6).
  ['alerting.notifications.contact-points.uidInUse', GrafanaAlreadyExistsError],
  // Alert rule uid collision (§8.2); listed so that an ErrResp-forced status cannot turn it into a retry.
  ['alerting.alert-rule.conflict', GrafanaAlreadyExistsError],
  // Provenance clash on rules and rule groups, 409 (§8.9): permanent until the mode changes.
  ['alerting.provenanceMismatch', GrafanaProvenanceConflictError],
  // Provenance clash on templates, mute timings and policies, 403 (§8.9): not a permission problem.
  ['alerting.notifications.invalidProvenance', GrafanaProvenanceConflictError],
  // Mute timing rename blocked by routes or rules of another provenance, 409 (§8.7).
  ['alerting.notifications.time-intervals.usedProvisioned', GrafanaProvenanceConflictError],
  // Mute timing or template name taken, answered 400 rather than 409 (§8.7, §8.6).
  ['alerting.notifications.time-intervals.nameExists', GrafanaAlreadyExistsError],
  ['alerting.notifications.templates.nameExists', GrafanaAlreadyExistsError],
  // Deletes refused while something uses the object, 409 (§8.4, §8.7): wait for the users to go.
  ['alerting.notifications.time-intervals.used', GrafanaConflictError],
  ['alerting.notifications.contact-points.referenced', GrafanaConflictError],
  ['alerting.notifications.contact-points.used-by-rule', GrafanaConflictError],
  // Folder delete refused while alert rules live in it (§4.3), a 400: content, not a bad request.
  ['folder.not-empty', GrafanaConflictError],
  // Request canceled (499, §11.1): nothing was decided, try again later.
  ['api.requestCanceled', GrafanaUnavailableError],
]);

/** DashboardErr / folder `status` codes (§4.3, §6.1). Codes not listed fall back to the HTTP status. */
const STATUS_FIELD_CLASSES: ReadonlyMap<string, ErrorClass> = new Map<string, ErrorClass>([
  ['version-mismatch', GrafanaVersionMismatchError],
  ['not-found', GrafanaNotFoundError],
  // 412 for a dashboard owned by a plugin: no version will make the write succeed (§6.1 step 3).
  ['plugin-dashboard', GrafanaConflictError],
  // 412 for a duplicate dashboard title in old versions (§6.1 "Name-exists").
  ['name-exists', GrafanaConflictError],
]);

/** k8s `metav1.Status.reason` on `/apis` routes (§6.4, §10). */
const KUBERNETES_REASON_CLASSES: ReadonlyMap<string, ErrorClass> = new Map<string, ErrorClass>([
  ['NotFound', GrafanaNotFoundError],
  ['AlreadyExists', GrafanaConflictError],
  // A stale `metadata.resourceVersion` (§10 "Concurrency").
  ['Conflict', GrafanaVersionMismatchError],
  ['Invalid', GrafanaValidationError],
  ['BadRequest', GrafanaValidationError],
  ['Unauthorized', GrafanaUnauthorizedError],
  ['Forbidden', GrafanaForbiddenError],
  ['TooManyRequests', GrafanaUnavailableError],
  ['ServiceUnavailable', GrafanaUnavailableError],
  ['Timeout', GrafanaUnavailableError],
  ['InternalError', GrafanaUnavailableError],
]);

interface MessageOnlyRule {
  status: number;
  pattern: RegExp;
  errorClass: ErrorClass;
}

/**
 * Bodies that are only `{"message": …}` yet mean something the status does not say. Applied only
 * when the body has no `messageId`, `status` or k8s `reason`.
 */
const MESSAGE_ONLY_RULES: readonly MessageOnlyRule[] = [
  // Datasource PUT with a stale `version` (§5.4, §15.14).
  { status: 409, pattern: /already been updated by someone else/i, errorClass: GrafanaVersionMismatchError },
  // Dashboard save on 13.x without overwrite and with a stale or missing version (§6.1, §15.12).
  { status: 409, pattern: /use overwrite flag/i, errorClass: GrafanaVersionMismatchError },
  // Alert rule write losing the store's optimistic lock, via ErrResp (§8.10).
  { status: 409, pattern: /optimistic locking/i, errorClass: GrafanaVersionMismatchError },
  // Provenance change refused with a 500 (contact point PUT, pre-12 alert rule PUT; §8.9, §11.2):
  // permanent, so it must not look retryable.
  { status: 500, pattern: /cannot change(d)? provenance/i, errorClass: GrafanaProvenanceConflictError },
  // Library element uid or (folder, name) taken, answered 400 rather than 409 (§7).
  {
    status: 400,
    pattern: /library element with that name or UID already exists/i,
    errorClass: GrafanaLibraryElementExistsError,
  },
  // Dashboard save into a folder that does not exist (§6.1), library element create/PATCH likewise
  // (§7 "failed to get folder"): the parent is missing, so requeue until it is created (§11.2).
  { status: 400, pattern: /^folder not found$/i, errorClass: GrafanaNotFoundError },
  { status: 400, pattern: /^failed to get folder$/i, errorClass: GrafanaNotFoundError },
  // File-provisioned dashboards refuse API saves and deletes (§6.1, §6.3): owned by another manager,
  // like a provenance clash, so no retry and no spec change helps.
  { status: 400, pattern: /cannot save provisioned dashboard/i, errorClass: GrafanaConflictError },
  { status: 400, pattern: /provisioned dashboard cannot be deleted/i, errorClass: GrafanaConflictError },
  // In use, not a permission problem: a library element connected to dashboards (§7), a folder
  // holding such elements (§4.3).
  { status: 403, pattern: /library element has connections/i, errorClass: GrafanaConflictError },
  { status: 403, pattern: /contains library elements in use/i, errorClass: GrafanaConflictError },
];

export function errorFromResponse(
  failure: FailedResponse,
  redact: (text: string) => string,
): GrafanaApiError {
  const details = parseErrorDetails(failure.body);
  const errorClass = classFor(failure.status, details);
  const init: GrafanaErrorInit = {
    method: failure.method,
    route: failure.route,
    status: failure.status,
    grafanaMessage: redact(details.message),
    body: failure.body,
  };
  const messageId = details.messageId ?? details.statusId ?? details.k8sReason;
  if (messageId !== undefined) init.messageId = messageId;
  if (failure.retryAfterMs !== undefined) init.retryAfterMs = failure.retryAfterMs;
  if (failure.attempts !== undefined) init.attempts = failure.attempts;
  return new errorClass(init);
}

export function errorFromConnectionFailure(failure: FailedConnection): GrafanaUnavailableError {
  const init: GrafanaErrorInit = {
    method: failure.method,
    route: failure.route,
    status: undefined,
    grafanaMessage: failure.detail,
    body: undefined,
    code: failure.code,
  };
  if (failure.attempts !== undefined) init.attempts = failure.attempts;
  return new GrafanaUnavailableError(init);
}

function classFor(status: number, details: GrafanaErrorDetails): ErrorClass {
  const { messageId, statusId, k8sReason } = details;
  if (messageId !== undefined) {
    if ((status === 400 || status === 401) && isAuthenticationMessageId(messageId)) {
      return GrafanaUnauthorizedError;
    }
    const byId = MESSAGE_ID_CLASSES.get(messageId);
    if (byId) return byId;
  }
  const byStatusField = statusId === undefined ? undefined : STATUS_FIELD_CLASSES.get(statusId);
  if (byStatusField) return byStatusField;
  const byK8sReason = k8sReason === undefined ? undefined : KUBERNETES_REASON_CLASSES.get(k8sReason);
  if (byK8sReason) return byK8sReason;
  if (messageId === undefined && statusId === undefined && k8sReason === undefined) {
    const rule = MESSAGE_ONLY_RULES.find((r) => r.status === status && r.pattern.test(details.message));
    if (rule) return rule.errorClass;
  }
  return classForStatus(status);
}

function classForStatus(status: number): ErrorClass {
  switch (status) {
    case 400:
    case 413: // dashboard too large (§6.1)
    case 422:
      return GrafanaValidationError;
    case 401:
      return GrafanaUnauthorizedError;
    case 403:
      return GrafanaForbiddenError;
    case 404:
      return GrafanaNotFoundError;
    case 409:
      return GrafanaConflictError;
    case 412:
      return GrafanaVersionMismatchError;
    case 408:
    case 429:
    case 499:
      return GrafanaUnavailableError;
    default:
      return status >= 500 ? GrafanaUnavailableError : GrafanaApiError;
  }
}

function isAuthenticationMessageId(messageId: string): boolean {
  return AUTHENTICATION_MESSAGE_ID_PREFIXES.some((prefix) => messageId.startsWith(prefix));
}
