/**
 * Reads the machine-usable parts out of a Grafana error response body.
 *
 * Grafana answers errors in several shapes (contract §11.1): plain `{message}`, DashboardErr
 * `{status, message}`, errutil `{statusCode, messageId, message, extra}`, RBAC
 * `{title, message, accessErrorId}`, an empty body, k8s `metav1.Status` on `/apis`, and text/HTML
 * written by proxies in front of Grafana. This module turns all of them into one flat record so
 * the classifier never has to know which producer answered.
 */
import { isObject } from '../lib/json.js';

/** Upper bound for text taken from a body into an error message (status conditions stay readable). */
const MAX_MESSAGE_LENGTH = 512;

export interface GrafanaErrorDetails {
  /** errutil `messageId` (e.g. `alerting.notifications.conflict`), if the body carries one. */
  messageId?: string;
  /** DashboardErr / folder `status` string (e.g. `version-mismatch`, `not-found`, `plugin-dashboard`). */
  statusId?: string;
  /** k8s `metav1.Status.reason` (e.g. `AlreadyExists`, `Conflict`, `NotFound`). */
  k8sReason?: string;
  /** Human text: `message`, else RBAC `title`, else the stripped text of a non-JSON body; may be empty. */
  message: string;
  /** RBAC denial id (`ACE…`), useful when asking a Grafana admin to look at the logs. */
  accessErrorId?: string;
}

/**
 * errutil ids look like `a.b` or `a.b-c.d`. `ErrResp` (contract §8.1) prints an errutil error as
 * `"<prefix>: [messageId] log message"` inside a plain `{message}` body, forcing a status that may
 * not match the error's own; the bracketed id is the only structured signal left in that case.
 */
const BRACKETED_MESSAGE_ID = /\[([a-zA-Z][\w-]*(?:\.[\w-]+)+)\]/;

export function parseErrorDetails(body: unknown): GrafanaErrorDetails {
  if (typeof body === 'string') {
    return { message: textOf(body) };
  }
  if (!isObject(body)) {
    return { message: '' };
  }
  const message = stringField(body, 'message') ?? stringField(body, 'title') ?? '';
  const details: GrafanaErrorDetails = { message: truncate(message) };

  if (isKubernetesStatus(body)) {
    const reason = stringField(body, 'reason');
    if (reason) details.k8sReason = reason;
    return details;
  }

  const messageId = stringField(body, 'messageId') ?? BRACKETED_MESSAGE_ID.exec(message)?.[1];
  if (messageId) details.messageId = messageId;

  const status = stringField(body, 'status');
  if (status) details.statusId = status;

  const accessErrorId = stringField(body, 'accessErrorId');
  if (accessErrorId) details.accessErrorId = accessErrorId;

  return details;
}

/**
 * `metav1.Status` also has a `status` key (`"Failure"`), which must not be mistaken for a
 * DashboardErr status code.
 */
function isKubernetesStatus(body: Record<string, unknown>): boolean {
  return body['kind'] === 'Status' && typeof body['apiVersion'] === 'string';
}

/** Proxies answer with HTML pages; keep their visible text only, on one line. */
function textOf(raw: string): string {
  const withoutMarkup = raw
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return truncate(withoutMarkup.replace(/\s+/g, ' ').trim());
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
