/**
 * Notification template groups through `/api/v1/provisioning/templates` (contract §8.6, §8.9).
 *
 * `version` is an opaque fingerprint of the content: pass the one read to make a write
 * conditional (409 GrafanaVersionMismatchError when it changed meanwhile), or omit it for
 * last-writer-wins. Content without a `{{ define "…" }}` block is wrapped in one named after the
 * template, every line indented by two spaces (§12): send the define block yourself, or compare
 * through `wrapTemplateContent`.
 */
import {
  ALERTING_PROVISIONING_BASE,
  provisioningCall,
  type AlertingProvenance,
  type AlertingRequestOptions,
  type ProvenanceOptions,
} from './alerting.js';
import { undefinedIfNotFound } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

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

const TEMPLATES = `${ALERTING_PROVISIONING_BASE}/templates`;

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

export class NotificationTemplatesApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  async list(options: AlertingRequestOptions = {}): Promise<NotificationTemplate[]> {
    return (
      (await provisioningCall<NotificationTemplate[] | null>(
        this.http,
        { method: 'GET', route: TEMPLATES },
        options,
      )) ?? []
    );
  }

  /** @throws GrafanaNotFoundError (404 `alerting.notifications.templates.notFound`). */
  async get(name: string, options: AlertingRequestOptions = {}): Promise<NotificationTemplate> {
    return provisioningCall<NotificationTemplate>(
      this.http,
      { method: 'GET', route: `${TEMPLATES}/:name`, params: { name } },
      options,
    );
  }

  async find(name: string, options: AlertingRequestOptions = {}): Promise<NotificationTemplate | undefined> {
    return undefinedIfNotFound(this.get(name, options));
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
    return provisioningCall<NotificationTemplate>(
      this.http,
      { method: 'PUT', route: `${TEMPLATES}/:name`, params: { name }, body },
      options,
    );
  }

  /**
   * 204, also when missing. @throws GrafanaVersionMismatchError (409),
   * GrafanaProvenanceConflictError (403).
   */
  async delete(name: string, options: DeleteNotificationTemplateOptions = {}): Promise<void> {
    await provisioningCall(
      this.http,
      {
        method: 'DELETE',
        route: `${TEMPLATES}/:name`,
        params: { name },
        query: { version: options.version || undefined },
      },
      options,
    );
  }
}
