/**
 * Typed errors for Grafana API calls.
 *
 * Every failed call becomes one of the classes below. `reason` is meant for a Kubernetes
 * condition reason and `message` for the condition message: both are safe to publish (no
 * credentials, no request headers, only method, templated route, status and Grafana's own text).
 */
import { STATUS_CODES } from 'node:http';

export type GrafanaErrorReason =
  | 'NotFound'
  | 'Conflict'
  | 'VersionMismatch'
  | 'InvalidSpec'
  | 'Unauthorized'
  | 'Forbidden'
  | 'Unavailable'
  | 'InvalidResponse'
  | 'RequestFailed';

export interface GrafanaErrorInit {
  method: string;
  /** Templated route (`/api/folders/:uid`), never the concrete path. */
  route: string;
  /** HTTP status; undefined when no response arrived (network error, timeout). */
  status: number | undefined;
  /** errutil `messageId`, DashboardErr `status`, or k8s `reason`, whichever the body carries. */
  messageId?: string;
  /** Grafana's `message` (or RBAC `title`, or the text of a non-JSON body); may be empty. */
  grafanaMessage: string;
  /** Parsed response body (JSON value, text, or undefined when empty). */
  body: unknown;
  /** Node/got error code for failures without a response (`ECONNREFUSED`, `ETIMEDOUT`, …). */
  code?: string;
  /** Server-requested delay (`Retry-After`), kept so a controller can requeue after it. */
  retryAfterMs?: number;
  /** Number of HTTP attempts made before giving up. */
  attempts?: number;
}

/** Base class; used as such only for statuses without a better class (e.g. 405, a 3xx). */
export class GrafanaApiError extends Error {
  /** Kubernetes-condition reason (CamelCase). */
  readonly reason: GrafanaErrorReason = 'RequestFailed';
  /** HTTP status; undefined when no response arrived. */
  readonly status: number | undefined;
  /** errutil `messageId`, else DashboardErr `status`, else k8s `reason` (§11.1). */
  readonly messageId: string | undefined;
  readonly grafanaMessage: string;
  readonly method: string;
  /** Templated route. */
  readonly route: string;
  /** Parsed response body, credentials scrubbed. */
  readonly body: unknown;
  /** Network error code (`ECONNREFUSED`, `ETIMEDOUT`, a TLS code, …) when there was no response. */
  readonly code: string | undefined;
  /** The server's `Retry-After`, uncapped. */
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(init: GrafanaErrorInit, options?: ErrorOptions) {
    super(describe(init), options);
    this.name = new.target.name;
    this.status = init.status;
    this.messageId = init.messageId;
    this.grafanaMessage = init.grafanaMessage;
    this.method = init.method;
    this.route = init.route;
    this.body = init.body;
    this.code = init.code;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts ?? 1;
  }

  /** The constructor input, to re-type an error without losing anything (see {@link GrafanaAlreadyExistsError}). */
  toInit(): GrafanaErrorInit {
    const init: GrafanaErrorInit = {
      method: this.method,
      route: this.route,
      status: this.status,
      grafanaMessage: this.grafanaMessage,
      body: this.body,
      attempts: this.attempts,
    };
    if (this.messageId !== undefined) init.messageId = this.messageId;
    if (this.code !== undefined) init.code = this.code;
    if (this.retryAfterMs !== undefined) init.retryAfterMs = this.retryAfterMs;
    return init;
  }
}

export class GrafanaNotFoundError extends GrafanaApiError {
  override readonly reason = 'NotFound';
}

/** 409 that is not about versions: a name or uid taken, a resource in use, a provenance clash. */
export class GrafanaConflictError extends GrafanaApiError {
  override readonly reason = 'Conflict';
}

/**
 * A create call answered that the object is already there (folder 409/412 per contract §4.3,
 * datasource 409 per §5.4, org 409 per §3; alerting ids that say so whatever the status, §8).
 * Callers switch to GET + update.
 */
export class GrafanaAlreadyExistsError extends GrafanaConflictError {
  constructor(original: GrafanaApiError | GrafanaErrorInit) {
    if (original instanceof GrafanaApiError) super(original.toInit(), { cause: original });
    else super(original);
  }
}

/**
 * The object is managed under another provenance (alerting, contract §8.9): 409
 * `alerting.provenanceMismatch`, 403 `alerting.notifications.invalidProvenance`, or a 500 whose
 * text says `cannot change provenance`. Permanent until the write mode (`X-Disable-Provenance`)
 * or the object's owner changes, so never retried. `storedProvenance`/`requestedProvenance`
 * (`''` = none) are filled when Grafana's answer or the client's own check tells them.
 */
export class GrafanaProvenanceConflictError extends GrafanaConflictError {
  readonly storedProvenance: string | undefined;
  readonly requestedProvenance: string | undefined;

  constructor(
    init: GrafanaErrorInit,
    options?: ErrorOptions & { storedProvenance?: string; requestedProvenance?: string },
  ) {
    super(init, options);
    const parsed = provenancePair(init.grafanaMessage, init.body);
    this.storedProvenance = options?.storedProvenance ?? parsed.stored;
    this.requestedProvenance = options?.requestedProvenance ?? parsed.requested;
  }
}

/** Optimistic-lock failure: re-read, recompute and write again (contract §11.2). */
export class GrafanaVersionMismatchError extends GrafanaApiError {
  override readonly reason = 'VersionMismatch';
}

export class GrafanaValidationError extends GrafanaApiError {
  override readonly reason = 'InvalidSpec';
}

/**
 * Library element create or PATCH answered 400 `library element with that name or UID already
 * exists` (contract §7: 400, not 409). It stays a validation error because the text does not say
 * which of the two clashed: a caller GETs the uid; if it is there the element exists (switch to
 * update), otherwise another element in the folder holds the name and the spec must change.
 */
export class GrafanaLibraryElementExistsError extends GrafanaValidationError {}

/** Credentials are bad or do not apply to the requested org (contract §1.3): fix config, do not retry hot. */
export class GrafanaUnauthorizedError extends GrafanaApiError {
  override readonly reason = 'Unauthorized';
}

export class GrafanaForbiddenError extends GrafanaApiError {
  override readonly reason = 'Forbidden';
}

/** 5xx, 429, network failures and timeouts; `code` keeps the network error code when there was no response. */
export class GrafanaUnavailableError extends GrafanaApiError {
  override readonly reason = 'Unavailable';
}

/** A 2xx whose body is not what the contract promises, typically a login page served by a proxy. */
export class GrafanaInvalidResponseError extends GrafanaApiError {
  override readonly reason = 'InvalidResponse';
}

/**
 * A value that can never work, found before any request: a connection setting (a URL that is not
 * an absolute http(s) URL or that embeds credentials, an empty token, a username with a colon, a
 * non-positive timeout) or a name the API cannot address in a URL path ("", "." or ".."). Retrying
 * cannot help; the configuration or the spec must change.
 */
export class GrafanaConfigurationError extends TypeError {
  readonly reason = 'InvalidSpec';

  constructor(message: string) {
    super(message);
    this.name = 'GrafanaConfigurationError';
  }
}

export function isGrafanaProvenanceConflict(error: unknown): error is GrafanaProvenanceConflictError {
  return error instanceof GrafanaProvenanceConflictError;
}

export function isGrafanaNotFound(error: unknown): error is GrafanaNotFoundError {
  return error instanceof GrafanaNotFoundError;
}

/**
 * Whether a create call found the object already there, whatever the status Grafana used for it:
 * 409/412 for folders, data sources and orgs, 400/409/500 for alerting names and uids
 * (GrafanaAlreadyExistsError), 400 for library elements (GrafanaLibraryElementExistsError).
 */
export function isGrafanaAlreadyExists(
  error: unknown,
): error is GrafanaAlreadyExistsError | GrafanaLibraryElementExistsError {
  return error instanceof GrafanaAlreadyExistsError || error instanceof GrafanaLibraryElementExistsError;
}

/** Resolves to undefined instead of throwing when Grafana answers 404. */
export async function undefinedIfNotFound<T>(pending: Promise<T>): Promise<T | undefined> {
  try {
    return await pending;
  } catch (error) {
    if (isGrafanaNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The answer of a create call, a failure with one of `statuses` re-typed as "already exists" (each
 * API says with which: §3, §4.3, §5.4).
 */
export async function alreadyExistsOn<T>(statuses: readonly number[], pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    throw asAlreadyExists(error, statuses);
  }
}

/** Re-types an error answered by a create call as "already exists" when its status is one of `statuses`. */
export function asAlreadyExists(error: unknown, statuses: readonly number[]): unknown {
  if (
    error instanceof GrafanaApiError &&
    !(error instanceof GrafanaAlreadyExistsError) &&
    error.status !== undefined &&
    statuses.includes(error.status)
  ) {
    return new GrafanaAlreadyExistsError(error);
  }
  return error;
}

/** The two provenances named by Grafana's provenance errors (`none` means `''`). */
function provenancePair(message: string, body: unknown): { stored?: string; requested?: string } {
  const none = (p: string | undefined): string | undefined => (p === 'none' ? '' : p);
  const extra = (body as { extra?: Record<string, unknown> } | undefined)?.extra;
  if (extra && typeof extra === 'object') {
    const stored = extra['StoredProvenance'] ?? extra['SourceProvenance'];
    const requested = extra['ProvidedProvenance'] ?? extra['TargetProvenance'];
    if (typeof stored === 'string' && typeof requested === 'string') {
      return { stored: none(stored), requested: none(requested) };
    }
  }
  let m = /cannot change(?:d)? provenance from '([^']*)' to '([^']*)'/.exec(message);
  if (m) return { stored: none(m[1]), requested: none(m[2]) };
  m = /with provided provenance '([^']*)', needs '([^']*)'/.exec(message);
  if (m) return { stored: none(m[2]), requested: none(m[1]) };
  m = /provenance status '([^']*)'.*(?:provenance status|changed to) '([^']*)'/.exec(message);
  if (m) return { stored: none(m[1]), requested: none(m[2]) };
  return {};
}

function describe(init: GrafanaErrorInit): string {
  const call = `Grafana ${init.method} ${init.route}`;
  if (init.status === undefined) {
    const code = init.code ? ` (${init.code})` : '';
    return `${call} failed${code}${init.grafanaMessage ? `: ${init.grafanaMessage}` : ''}`;
  }
  const statusText = STATUS_CODES[init.status];
  const status = statusText ? `${init.status} ${statusText}` : String(init.status);
  const id = init.messageId ? ` [${init.messageId}]` : '';
  return `${call} returned ${status}${id}${init.grafanaMessage ? `: ${init.grafanaMessage}` : ''}`;
}
