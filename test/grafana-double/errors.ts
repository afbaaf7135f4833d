/**
 * Response values and the error-body shapes Grafana produces (§11.1). Handlers return a `Reply`;
 * the server serialises it, adding `traceID` where Grafana would.
 */
import { randomInt } from 'node:crypto';

import type { ErrutilBody, K8sStatusBody, MessageBody, RbacDeniedBody, StatusMessageBody } from './types.js';

export interface Reply {
  status: number;
  /** Serialised as JSON. Neither `body` nor `text`: an empty body (status only, §11.1). */
  body?: unknown;
  /** Sent verbatim as text/plain. */
  text?: string;
  headers?: Record<string, string>;
  /**
   * Built from a Go error (`response.Error(..., err)` with err != nil, `response.Err`,
   * `ErrOrFallback`): only these bodies get `traceID` when unified request logging is off (§11.1).
   */
  traceable?: boolean;
  /** `simplejson.EncodePretty`, used by /api/health (§2). */
  pretty?: boolean;
}

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

/**
 * `response.Error(status, message, err)`: `{"message": ...}`. `fromError` says whether Grafana
 * passes a non-nil error (which decides `traceID`, §11.1).
 */
export function messageError(status: number, message: string, fromError = false): Reply {
  const body: MessageBody = { message };
  return { status, body, traceable: fromError };
}

/** `response.Success(msg)`: 200 `{"message": msg}` (§11.1). */
export function success(message: string): Reply {
  const body: MessageBody = { message };
  return { status: 200, body };
}

/** `response.JSON(status, {status, message})`, e.g. folder not-found / version-mismatch (§4.3). */
export function statusMessage(status: number, statusCode: string, message: string): Reply {
  const body: StatusMessageBody = { status: statusCode, message };
  return { status, body };
}

/** errutil public error (§11.1): `{statusCode, messageId, message, extra?}`. */
export function errutil(
  status: number,
  messageId: string,
  message: string,
  extra?: ErrutilBody['extra'],
): Reply {
  const body: ErrutilBody = { statusCode: status, messageId, message };
  if (extra !== undefined) body.extra = extra;
  return { status, body, traceable: true };
}

/** Bind errors of every classic `/api` JSON route (§1.4). */
export function badRequestData(): Reply {
  return messageError(400, 'bad request data', true);
}

/** `accesscontrol/middleware.go` deny: written with `c.JSON`, so never a `traceID` (§1.3). */
export function rbacDenied(permission: string): Reply {
  const body: RbacDeniedBody = {
    title: 'Access denied',
    message: `You'll need additional permissions to perform this action. Permissions needed: ${permission}`,
    accessErrorId: `ACE${randomDigits(10)}`,
  };
  return { status: 403, body };
}

/** Legacy role gates (`reqGrafanaAdmin`, `reqOrgAdmin`, §1.3). */
export function legacyDenied(): Reply {
  return messageError(403, 'Permission denied');
}

/** `metav1.Status` for `/apis` routes (§6.4, §10). */
export function k8sStatus(
  code: number,
  reason: string,
  message: string,
  details?: K8sStatusBody['details'],
): Reply {
  const body: K8sStatusBody = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details !== undefined) body.details = details;
  return { status: code, body };
}

/** Status only, no body (e.g. the alert rule 404, §11.1). */
export function empty(status: number): Reply {
  return { status };
}

/** `NotFoundHandler` for unknown `/api` paths: `c.JsonApiErr(404, "Not found", nil)`. */
export function routeNotFound(): Reply {
  return messageError(404, 'Not found');
}

/** A handler threw: what Grafana's recovery middleware answers. */
export function internalError(): Reply {
  return messageError(500, 'Internal Server Error', true);
}

function randomDigits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(randomInt(10));
  return out;
}
