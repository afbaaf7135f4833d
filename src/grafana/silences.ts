/**
 * Silences of Grafana's built-in Alertmanager (`/api/alertmanager/grafana/api/v2`, contract §21).
 *
 * A POST without an id creates; with an id it updates, and Grafana's Alertmanager keeps the id only
 * where the change leaves the silence's history alone (same matchers, and for an active silence the
 * same start): otherwise it expires the old silence and answers a new id (§21.2). A DELETE expires.
 * Expired silences stay listed until Alertmanager's retention drops them.
 */
import { undefinedIfNotFound } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

const SILENCES = '/api/alertmanager/grafana/api/v2/silences';
const SILENCE = '/api/alertmanager/grafana/api/v2/silence/:silenceId';

/** Alertmanager's `Matcher`. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isEqual: boolean;
  isRegex: boolean;
}

export type SilenceState = 'active' | 'pending' | 'expired';

/** What a POST sends (`PostableSilence`): times as RFC 3339. */
export interface SilenceInput {
  /** Only to update the silence with this id. */
  id?: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string;
}

/** `GettableSilence` (Grafana adds metadata only when asked for it). */
export interface GrafanaSilence extends Omit<SilenceInput, 'id'> {
  id: string;
  status: { state: SilenceState };
  updatedAt: string;
}

export class SilencesApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** Every silence of the org's Alertmanager, the expired ones too. */
  async list(): Promise<GrafanaSilence[]> {
    return (await this.http.call<GrafanaSilence[] | null>({ method: 'GET', route: SILENCES })) ?? [];
  }

  async get(silenceId: string): Promise<GrafanaSilence | undefined> {
    return undefinedIfNotFound(
      this.http.call<GrafanaSilence>({ method: 'GET', route: SILENCE, params: { silenceId } }),
    );
  }

  /** Creates, or updates `input.id`: answers the id the silence has now (maybe a new one). */
  async save(input: SilenceInput): Promise<string> {
    const { silenceID } = await this.http.call<{ silenceID: string }>({
      method: 'POST',
      route: SILENCES,
      body: input,
    });
    return silenceID;
  }

  /** Expires the silence. */
  async expire(silenceId: string): Promise<void> {
    await this.http.call<unknown>({ method: 'DELETE', route: SILENCE, params: { silenceId } });
  }
}
