/**
 * A contact point's integrations as the spec describes them (contract §8.4, §8.11, §12): settings
 * with the secure ones read from Secrets (never from `settings`, where they would be stored in the
 * object), the settings sent to Grafana, and how they compare with what Grafana returns, which
 * masks every secure setting it stores as `[REDACTED]`. Which settings are secure is Grafana's
 * table, kept once in src/grafana/contact-points.ts (`secureSettingKeys`).
 */
import { createHash } from 'node:crypto';
import type { GrafanaContactPointSpec, SecretKeyRef } from '../api/generated/index.js';
import { ObjectError } from '../lib/object-error.js';
import { canonicalJson, isObject } from '../lib/json.js';
import { REDACTED_VALUE, secureSettingKeys } from '../grafana/index.js';

export type Settings = Record<string, unknown>;

export interface DesiredIntegration {
  uid: string;
  /** The uid was derived from this object (not set in the spec): evidence that it is ours. */
  derived: boolean;
  type: string;
  /** The settings of the spec, without the secure ones. */
  settings: Settings;
  /** Settings read from Secrets, by (dotted) key: sent to Grafana, never hashed or stored. */
  secure: Record<string, string>;
  disableResolveMessage: boolean;
}

/** Grafana's limit on a uid's length. */
const MAX_UID_LENGTH = 40;

/**
 * The integrations the spec's `receivers` describe, secure settings read with `readSecret`; uids
 * not given are derived from `objectUid` (see {@link integrationUid}). A secret written into
 * `settings` is InvalidSpec.
 */
export async function desiredIntegrations(
  receivers: GrafanaContactPointSpec['receivers'],
  objectUid: string,
  readSecret: (ref: SecretKeyRef) => Promise<string>,
): Promise<DesiredIntegration[]> {
  const perType = new Map<string, number>();
  const integrations: DesiredIntegration[] = [];
  for (const [i, receiver] of receivers.entries()) {
    const at = `spec.receivers[${i}]`;
    const type = receiver.type;
    const settings = (receiver.settings ?? {}) as Settings;
    for (const key of secureSettingKeys(type) ?? []) {
      if (getPath(settings, key) !== undefined) {
        throw new ObjectError(
          'InvalidSpec',
          `${at}.settings.${key} is a secret setting of ${type} integrations (Grafana stores it encrypted); ` +
            `read it from a Secret with ${at}.secureSettings.${key}.secretKeyRef instead`,
        );
      }
    }
    const secure: Record<string, string> = {};
    for (const [key, ref] of Object.entries(receiver.secureSettings ?? {})) {
      if (!ref) continue;
      if (getPath(settings, key) !== undefined) {
        throw new ObjectError('InvalidSpec', `${at}: "${key}" is set in both settings and secureSettings`);
      }
      const value = await readSecret(ref.secretKeyRef);
      // An empty secret is no secret: Grafana drops empty secure settings.
      if (value !== '') secure[key] = value;
    }
    const n = perType.get(type.toLowerCase()) ?? 0;
    perType.set(type.toLowerCase(), n + 1);
    integrations.push({
      uid: receiver.uid ?? integrationUid(objectUid, type, n),
      derived: receiver.uid === undefined,
      type,
      settings,
      secure,
      disableResolveMessage: receiver.disableResolveMessage ?? false,
    });
  }
  return integrations;
}

/**
 * The default uid of the `n`-th integration of `type`: the object's uid plus the type, e.g.
 * `ops-team-1a2b3c4d-email` (stable when receivers are reordered), or a hash when that is longer
 * than Grafana's 40 characters.
 */
export function integrationUid(objectUid: string, type: string, n: number): string {
  const tag = type.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  const candidate = `${objectUid}-${tag}${n > 0 ? `-${n}` : ''}`;
  if (candidate.length <= MAX_UID_LENGTH) return candidate;
  const hash = createHash('sha256').update(`${objectUid}/${tag}/${n}`).digest('hex').slice(0, 8);
  return `${objectUid.slice(0, MAX_UID_LENGTH - hash.length - 1)}-${hash}`;
}

/**
 * Top-level setting keys that differ. Where Grafana shows `[REDACTED]` (a secure setting it
 * stores), only presence counts: any non-empty value sent matches it.
 */
export function settingsDrift(sent: Settings, stored: Settings): string[] {
  const keys = [...new Set([...Object.keys(sent), ...Object.keys(stored)])].sort();
  return keys.filter((key) => canonicalJson(masked(sent[key], stored[key])) !== canonicalJson(stored[key]));
}

function masked(sent: unknown, stored: unknown): unknown {
  if (stored === REDACTED_VALUE && typeof sent === 'string' && sent !== '') return REDACTED_VALUE;
  if (isObject(sent) && isObject(stored)) {
    return Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, masked(v, stored[k])]));
  }
  return sent;
}

/** The settings sent: the spec's, with the secure ones from Secrets merged in. */
export function sentSettings(integration: DesiredIntegration): Settings {
  const settings = structuredClone(integration.settings);
  for (const [key, value] of Object.entries(integration.secure)) setPath(settings, key, value);
  return settings;
}

// -------------------------------------------------------------------------------------------------
// Dotted setting keys (`tlsConfig.clientKey`)

function getPath(settings: Settings, path: string): unknown {
  let node: unknown = settings;
  for (const segment of path.split('.')) {
    if (!isObject(node) || !(segment in node)) return undefined;
    node = node[segment];
  }
  return node;
}

function setPath(settings: Settings, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = settings;
  for (const segment of segments.slice(0, -1)) {
    if (!isObject(node[segment])) node[segment] = {};
    node = node[segment] as Settings;
  }
  node[segments.at(-1)!] = value;
}
