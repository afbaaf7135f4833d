/**
 * Mute timings through `/api/v1/provisioning/mute-timings` (contract §8.7, §8.8, §8.9).
 *
 * `version` is an opaque fingerprint (as for templates): pass the one read for a conditional write
 * (409 GrafanaVersionMismatchError), omit it otherwise. A name already taken is a 400 that the
 * client reports as GrafanaAlreadyExistsError. Ranges come back in alertmanager's text forms
 * (`monday:friday`, months by name, `HH:MM`).
 */
import {
  ALERTING_PROVISIONING_BASE,
  type AlertingFileExport,
  type AlertingProvenance,
  type JsonExportOptions,
  type ProvenanceOptions,
  type TextExportOptions,
} from './alerting.js';
import type { GrafanaHttpClient } from './http.js';
import { ProvisionedItemsApi } from './provisioning-collection.js';

/** `HH:MM`, `24:00` allowed as an end. */
export interface TimeRange {
  start_time: string;
  end_time: string;
}

/** alertmanager's `TimeInterval`; every list may hold ranges such as `monday:friday` or `1:7`. */
export interface TimeInterval {
  times?: TimeRange[];
  weekdays?: string[];
  days_of_month?: string[];
  months?: string[];
  years?: string[];
  /** IANA zone, e.g. `Europe/Berlin`. */
  location?: string;
}

/** `definitions.MuteTimeInterval` as Grafana returns it. */
export interface MuteTiming {
  name: string;
  time_intervals: TimeInterval[];
  version: string;
  /** Absent when none. */
  provenance?: AlertingProvenance;
}

export interface MuteTimingInput {
  name: string;
  time_intervals: TimeInterval[];
  /** Update only: the version read before. */
  version?: string;
}

export interface DeleteMuteTimingOptions extends ProvenanceOptions {
  version?: string;
}

/** The uid Grafana derives from a name (`NameToUid`): URL-safe base64 without padding. */
export function muteTimingUid(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

/** `list` is sorted by name; `get` and `find` take the name (or the uid). */
export class MuteTimingsApi extends ProvisionedItemsApi<MuteTiming> {
  constructor(http: GrafanaHttpClient) {
    super(http, `${ALERTING_PROVISIONING_BASE}/mute-timings`, 'name');
  }

  /**
   * 201. @throws GrafanaAlreadyExistsError (400 `time-intervals.nameExists`),
   * GrafanaValidationError (400).
   */
  async create(timing: MuteTimingInput, options: ProvenanceOptions = {}): Promise<MuteTiming> {
    return this.items.create(timing, options);
  }

  /**
   * Replaces the timing stored as `name` (202). A different `timing.name` renames it (routes and
   * rules follow); Grafana then needs the timing's uid in the path, which this method sends.
   * @throws GrafanaNotFoundError, GrafanaVersionMismatchError (409), GrafanaAlreadyExistsError
   * (rename onto a taken name), GrafanaProvenanceConflictError (403, or 409 when provisioned
   * dependents block a rename).
   */
  async update(name: string, timing: MuteTimingInput, options: ProvenanceOptions = {}): Promise<MuteTiming> {
    const path = timing.name !== '' && timing.name !== name ? muteTimingUid(name) : name;
    return this.items.put(path, timing, options);
  }

  /**
   * 204, also when missing. @throws GrafanaConflictError (409 while a policy or rule uses it),
   * GrafanaVersionMismatchError (409), GrafanaProvenanceConflictError (403).
   */
  async delete(name: string, options: DeleteMuteTimingOptions = {}): Promise<void> {
    await this.items.delete(name, options, { version: options.version || undefined });
  }

  /** One timing in file-provisioning format. @throws GrafanaNotFoundError. */
  export(name: string, options: JsonExportOptions): Promise<AlertingFileExport>;
  export(name: string, options?: TextExportOptions): Promise<string>;
  async export(
    name: string,
    options: TextExportOptions | JsonExportOptions = {},
  ): Promise<string | AlertingFileExport> {
    return this.items.exportItem(name, options);
  }

  /** Every timing in file-provisioning format. */
  exportAll(options: JsonExportOptions): Promise<AlertingFileExport>;
  exportAll(options?: TextExportOptions): Promise<string>;
  async exportAll(options: TextExportOptions | JsonExportOptions = {}): Promise<string | AlertingFileExport> {
    return this.items.exportAll(options);
  }
}
