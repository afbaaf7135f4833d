/**
 * Contact points through `/api/v1/provisioning/contact-points` (contract §8.4, §8.8, §8.9).
 *
 * What the API calls a contact point is one integration (`type` + `settings`, with its own
 * `uid`); integrations sharing a `name` form one receiver, which policies and rules reference by
 * name. Secure settings (`SECURE_SETTING_KEYS`) come back as `[REDACTED]`. On update, a secure key
 * sent as `[REDACTED]` keeps its stored value and an omitted one is cleared (§15.5): send every
 * secret, or `[REDACTED]`.
 */
import {
  ALERTING_PROVISIONING_BASE,
  type AlertingFileExport,
  type AlertingProvenance,
  type AlertingRequestOptions,
  type JsonExportOptions,
  type ProvenanceOptions,
  type TextExportOptions,
} from './alerting.js';
import type { GrafanaHttpClient } from './http.js';
import { ProvisioningCollection } from './provisioning-collection.js';

/** What Grafana shows instead of a secure setting. */
export const REDACTED_VALUE = '[REDACTED]';

/**
 * The secure settings of every Grafana-managed integration type (`GetSecretKeysForContactPointType`,
 * docs/grafana-api.md §8.11): stored encrypted, shown as `[REDACTED]`, refilled on PUT. Dotted keys
 * are nested; types are matched lower-cased (`LINE` is `line`). A webhook's `url` is not secure; a
 * Slack `url` is. The one table for the operator and the Grafana double.
 */
export const SECURE_SETTING_KEYS: Readonly<Record<string, readonly string[]>> = {
  dingding: ['url'],
  discord: ['url'],
  email: [],
  googlechat: ['url'],
  jira: ['user', 'password', 'api_token'],
  kafka: ['password'],
  line: ['token'],
  mqtt: ['password', 'tlsConfig.caCertificate', 'tlsConfig.clientCertificate', 'tlsConfig.clientKey'],
  oncall: ['password', 'authorization_credentials'],
  opsgenie: ['apiKey'],
  pagerduty: ['integrationKey'],
  'prometheus-alertmanager': ['basicAuthPassword'],
  pushover: ['apiToken', 'userKey'],
  sensugo: ['apikey'],
  slack: ['token', 'url'],
  sns: ['sigv4.access_key', 'sigv4.secret_key'],
  teams: [],
  telegram: ['bottoken'],
  threema: ['api_secret'],
  victorops: ['url'],
  webex: ['bot_token'],
  webhook: [
    'password',
    'authorization_credentials',
    'tlsConfig.caCertificate',
    'tlsConfig.clientCertificate',
    'tlsConfig.clientKey',
    'hmacConfig.secret',
    'http_config.oauth2.client_secret',
    'http_config.oauth2.tls_config.caCertificate',
    'http_config.oauth2.tls_config.clientCertificate',
    'http_config.oauth2.tls_config.clientKey',
  ],
  wecom: ['url', 'secret'],
};

/** The secure settings of an integration type; undefined for a type Grafana does not know. */
export function secureSettingKeys(type: string): readonly string[] | undefined {
  return SECURE_SETTING_KEYS[type.toLowerCase()];
}

/** `definitions.EmbeddedContactPoint` as Grafana returns it. */
export interface EmbeddedContactPoint {
  uid: string;
  /** The receiver's name. */
  name: string;
  type: string;
  /** Secure keys are `[REDACTED]`. */
  settings: Record<string, unknown>;
  disableResolveMessage: boolean;
  /** Absent when none. */
  provenance?: AlertingProvenance;
}

export interface ContactPointInput {
  /** Generated when omitted; must be unused by every integration of the org. */
  uid?: string;
  /** An existing name adds this integration to that receiver. */
  name: string;
  type: string;
  /** Secure keys in plain text, or `[REDACTED]` on update to keep the stored value. */
  settings: Record<string, unknown>;
  disableResolveMessage?: boolean;
}

export interface ListContactPointsOptions extends AlertingRequestOptions {
  /** Only the integrations of this receiver. */
  name?: string;
}

export interface ExportContactPointsFilter {
  name?: string;
  /** Secrets in plain text (needs `alert.provisioning.secrets:read`) instead of `[REDACTED]`. */
  decrypt?: boolean;
}

export class ContactPointsApi {
  readonly #points: ProvisioningCollection<EmbeddedContactPoint>;

  constructor(http: GrafanaHttpClient) {
    this.#points = new ProvisioningCollection(http, `${ALERTING_PROVISIONING_BASE}/contact-points`, 'uid');
  }

  /** One entry per integration, sorted by name then uid. */
  async list(options: ListContactPointsOptions = {}): Promise<EmbeddedContactPoint[]> {
    return this.#points.list(options, { name: options.name || undefined });
  }

  /** The integration with this uid (the API has no GET by uid, so this lists). */
  async find(uid: string, options: AlertingRequestOptions = {}): Promise<EmbeddedContactPoint | undefined> {
    return (await this.list(options)).find((cp) => cp.uid === uid);
  }

  /**
   * 202 with the stored integration, secrets redacted.
   * @throws GrafanaAlreadyExistsError when the uid is used by any integration (a 500 carrying
   * `uidInUse`, §15.6); GrafanaValidationError (400 `invalid object specification: …`).
   */
  async create(
    contactPoint: ContactPointInput,
    options: ProvenanceOptions = {},
  ): Promise<EmbeddedContactPoint> {
    return this.#points.create(contactPoint, options);
  }

  /**
   * Replaces the integration (202). A new `name` moves it to that receiver; when it was the last
   * of its receiver, policies and rules follow the rename.
   * @throws GrafanaNotFoundError, GrafanaValidationError, GrafanaProvenanceConflictError (a 500
   * `cannot change provenance`).
   */
  async update(uid: string, contactPoint: ContactPointInput, options: ProvenanceOptions = {}): Promise<void> {
    await this.#points.put(uid, { ...contactPoint, uid }, options);
  }

  /**
   * 202, also for an unknown uid; Grafana checks no provenance here.
   * @throws GrafanaConflictError (409) when it is the last integration of a receiver that a
   * notification policy or an alert rule uses.
   */
  async delete(uid: string, options: AlertingRequestOptions = {}): Promise<void> {
    await this.#points.delete(uid, options);
  }

  /** Receivers in file-provisioning format. */
  export(options: JsonExportOptions & ExportContactPointsFilter): Promise<AlertingFileExport>;
  export(options?: TextExportOptions & ExportContactPointsFilter): Promise<string>;
  async export(
    options: (TextExportOptions | JsonExportOptions) & ExportContactPointsFilter = {},
  ): Promise<string | AlertingFileExport> {
    return this.#points.exportAll(options, {
      name: options.name || undefined,
      decrypt: options.decrypt ? true : undefined,
    });
  }
}
