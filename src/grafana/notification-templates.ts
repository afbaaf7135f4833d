/**
 * Notification template groups through `/api/v1/provisioning/templates` (contract §8.6, §8.9).
 *
 * `version` is an opaque fingerprint of the content: pass the one read to make a write
 * conditional (409 GrafanaVersionMismatchError when it changed meanwhile), or omit it for
 * last-writer-wins. Content without a `{{ define "…" }}` block is wrapped in one named after the
 * template, every line indented by two spaces (§12): send the define block yourself, or compare
 * through `wrapTemplateContent`.
 */
import { ALERTING_PROVISIONING_BASE, type AlertingProvenance, type ProvenanceOptions } from './alerting.js';
import type { GrafanaHttpClient } from './http.js';
import { ProvisionedItemsApi } from './provisioning-collection.js';

/** `definitions.NotificationTemplate`. */
export interface NotificationTemplate {
  name: string;
  /** The stored content, after wrapping. */
  template: string;
  /** Absent when none. */
  provenance?: AlertingProvenance;
  version: string;
}

export interface PutNotificationTemplateRequest {
  template: string;
  /** The version read before; omit for an unconditional write (and for a new template). */
  version?: string;
}

export interface DeleteNotificationTemplateOptions extends ProvenanceOptions {
  version?: string;
}

/** What Grafana stores for `content` under `name` (`NotificationTemplate.Validate`). */
export function wrapTemplateContent(name: string, content: string): string {
  const trimmed = content.trim();
  if (/\{\{\s*define/.test(trimmed)) return trimmed;
  const body = trimmed
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `{{ define "${name}" }}\n${body}\n{{ end }}`;
}

/** `get` of a missing name is a 404 `alerting.notifications.templates.notFound` (GrafanaNotFoundError). */
export class NotificationTemplatesApi extends ProvisionedItemsApi<NotificationTemplate> {
  constructor(http: GrafanaHttpClient) {
    super(http, `${ALERTING_PROVISIONING_BASE}/templates`, 'name');
  }

  /**
   * Creates or replaces (202), resolving to the stored template and its new version.
   * @throws GrafanaVersionMismatchError (409), GrafanaNotFoundError (a `version` for a template
   * that no longer exists), GrafanaValidationError (400, content that does not parse),
   * GrafanaProvenanceConflictError (403).
   */
  async put(
    name: string,
    request: PutNotificationTemplateRequest,
    options: ProvenanceOptions = {},
  ): Promise<NotificationTemplate> {
    const body: Record<string, unknown> = { template: request.template };
    if (request.version !== undefined) body.version = request.version;
    return this.items.put(name, body, options);
  }

  /**
   * 204, also when missing. @throws GrafanaVersionMismatchError (409),
   * GrafanaProvenanceConflictError (403).
   */
  async delete(name: string, options: DeleteNotificationTemplateOptions = {}): Promise<void> {
    await this.items.delete(name, options, { version: options.version || undefined });
  }
}
