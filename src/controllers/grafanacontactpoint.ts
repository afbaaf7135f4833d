import { createHash } from 'node:crypto';
import {
  GrafanaContactPointResource,
  grafanaContactPointSpecSchema,
  type GrafanaContactPoint,
  type GrafanaContactPointSpec,
} from '../api/generated/index.js';
import { isForeignManaged, refuseForeignManaged, wantedProvenance } from '../alerting/provenance.js';
import {
  GrafanaAlreadyExistsError,
  GrafanaConflictError,
  GrafanaProvenanceConflictError,
  provenanceOf,
  REDACTED_VALUE,
  secureSettingKeys,
  type ContactPointInput,
  type EmbeddedContactPoint,
  type ProvenanceOptions,
} from '../grafana/index.js';
import { inUseMessage, nameFromUid, nameUid, recordedName, usersOf } from './notification-resources.js';
import {
  ObjectError,
  showName,
  type Applied,
  type KindContext,
  type ObjectKind,
} from './shared/grafana-object.js';
import { canonicalJson } from './shared/hash.js';
import type { InstanceTarget } from './shared/targets.js';
import { boundedList } from '../runtime/messages.js';

type Settings = Record<string, unknown>;

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

export interface DesiredContactPoint {
  name: string;
  integrations: DesiredIntegration[];
  editable: boolean;
  /** The name this object last wrote on the instance (read state, never hashed). */
  recordedName: string | undefined;
  adopt: boolean;
}

export interface ObservedContactPoint {
  /** The receiver's name in Grafana (the desired one, or the one written last). */
  name: string;
  /** Its integrations, and any other integration that has one of the desired uids. */
  integrations: EmbeddedContactPoint[];
  /** Created by this object: under the name it last wrote, or with uids derived from it. */
  recorded: boolean;
}

const SNAPSHOT = 'alerting-contact-points';
const MAX_UID_LENGTH = 40;

/**
 * GrafanaContactPoint: one receiver (`name`) made of integrations, each one what Grafana's
 * provisioning API calls a contact point (`type`, `settings`, own `uid`), written with one POST or
 * PUT per integration (contract §8.4). Reads come from one list call per instance
 * (`GET /contact-points`, shared by all objects); a write, serialised per instance
 * (`target.exclusive`, §8.10), starts from a fresh list so it acts on Grafana's current state.
 *
 * Secure settings come from Secrets and are merged into `settings` when written. Grafana returns
 * them as `[REDACTED]` (§12), so they are compared by presence only, and their changes are noticed
 * through the Secrets' resourceVersions (the applied hash): a rotation re-sends them. Everything
 * else in `settings` is compared whole (as JSON), per integration, with name, type,
 * disableResolveMessage and provenance; an integration of the receiver that the spec does not list
 * is deleted.
 *
 * Provenance (§8.9): a PUT cannot move an integration from a provenance to another (500), so on a
 * switch of editableInGrafana each integration is deleted and created again (DELETE has no
 * provenance check), under its uid. Grafana refuses to delete the last integration of a receiver a
 * policy or rule uses, so a lone integration is replaced through a temporary second one.
 */
export const grafanaContactPointKind: ObjectKind<
  GrafanaContactPointSpec,
  GrafanaContactPoint,
  DesiredContactPoint,
  ObservedContactPoint
> = {
  resource: GrafanaContactPointResource,
  specSchema: grafanaContactPointSpecSchema,

  async desired(context, target) {
    const { spec, metadata } = context.object;
    return {
      name: spec.name ?? metadata?.name ?? '',
      integrations: await desiredIntegrations(context),
      editable: spec.editableInGrafana ?? false,
      recordedName: recordedName(context, target),
      adopt: spec.adopt ?? false,
    };
  },

  hashable: ({ name, integrations, editable }) => ({
    name,
    editable,
    integrations: integrations.map(({ secure, derived: _derived, ...rest }) => ({
      ...rest,
      secureKeys: Object.keys(secure).sort(),
    })),
  }),

  // Receiver names are unique per org, and so are integration uids.
  claims: ({ name, integrations }) => [`name:${name}`, ...integrations.map((i) => `integration:${i.uid}`)],

  async observe(target, _uid, desired) {
    const all = [...(await snapshot(target)).values()];
    return observeIn(all, desired);
  },

  owns(observed) {
    if (observed.recorded) return true;
    throw notOurs(observed);
  },

  diff: diffContactPoint,

  async write(target, _uid, desired, observed) {
    return target.exclusive(async () => {
      try {
        await writeContactPoint(target, desired, observed);
      } finally {
        target.snapshots.invalidate(SNAPSHOT);
      }
      return describe(desired.name);
    });
  },

  async remove(target, uid) {
    const name = nameFromUid(uid) ?? uid;
    await target.exclusive(async () => {
      try {
        const integrations = (await target.api.contactPoints.list({ name })).filter(
          (i) => i.name === name && !isForeignManaged(i.provenance),
        );
        // The first integration goes last: while Grafana refuses to delete the receiver (it is in
        // use), that one keeps it.
        for (const integration of integrations.reverse()) await deleteIntegration(target, integration, name);
      } finally {
        target.snapshots.invalidate(SNAPSHOT);
      }
    });
  },

  describe: (observed) => describe(observed.name),
  shown: showName,
};

/** The integrations the spec describes, secure settings read from their Secrets. */
async function desiredIntegrations(context: KindContext<GrafanaContactPoint>): Promise<DesiredIntegration[]> {
  const perType = new Map<string, number>();
  const integrations: DesiredIntegration[] = [];
  for (const [i, receiver] of context.object.spec.receivers.entries()) {
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
      const value = await context.secrets.value(ref.secretKeyRef);
      // An empty secret is no secret: Grafana drops empty secure settings.
      if (value !== '') secure[key] = value;
    }
    const n = perType.get(type.toLowerCase()) ?? 0;
    perType.set(type.toLowerCase(), n + 1);
    integrations.push({
      uid: receiver.uid ?? integrationUid(context.uid, type, n),
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

/** The receiver as found among Grafana's integrations; undefined when none of it exists. */
export function observeIn(
  all: readonly EmbeddedContactPoint[],
  desired: DesiredContactPoint,
): ObservedContactPoint | undefined {
  const uids = new Set(desired.integrations.map((i) => i.uid));
  const derived = new Set(desired.integrations.filter((i) => i.derived).map((i) => i.uid));
  const names = new Set([desired.name, desired.recordedName].filter((n): n is string => n !== undefined));
  const integrations = all.filter((i) => names.has(i.name) || uids.has(i.uid));
  if (integrations.length === 0) return undefined;
  for (const integration of integrations) {
    refuseForeignManaged(`contact point "${integration.name}" (integration ${integration.uid})`, integration);
  }
  const name = integrations.some((i) => i.name === desired.name)
    ? desired.name
    : (desired.recordedName ?? integrations[0]!.name);
  const recorded = integrations.every(
    (i) => (desired.recordedName !== undefined && i.name === desired.recordedName) || derived.has(i.uid),
  );
  return { name, integrations, recorded };
}

function notOurs(observed: ObservedContactPoint): ObjectError {
  const integrations = boundedList(
    observed.integrations.map((i) => `${i.uid} (${i.type})`),
    { maxItems: 5 },
  );
  const provenances = [...new Set(observed.integrations.map((i) => provenanceOf(i) || 'none'))];
  return new ObjectError(
    'Conflict',
    `contact point "${observed.name}" already exists in Grafana (integrations ${integrations}; provenance ` +
      `${provenances.join(', ')}) and was not created by this object; set spec.adopt: true to take it over`,
  );
}

/** The fields where Grafana's receiver differs from the desired one; [] = in sync. */
export function diffContactPoint(desired: DesiredContactPoint, observed: ObservedContactPoint): string[] {
  // Edits made in Grafana stay until the spec changes (which changes the hash and writes).
  if (desired.editable) return [];
  const byUid = new Map(observed.integrations.map((i) => [i.uid, i]));
  const drift: string[] = [];
  desired.integrations.forEach((integration, i) => {
    const current = byUid.get(integration.uid);
    if (!current) drift.push(`receivers[${i}] (missing)`);
    else drift.push(...integrationDrift(desired, integration, current).map((f) => `receivers[${i}].${f}`));
  });
  const uids = new Set(desired.integrations.map((i) => i.uid));
  for (const extra of observed.integrations.filter((i) => !uids.has(i.uid))) {
    drift.push(`integration ${extra.uid} (${extra.type}, not in spec.receivers)`);
  }
  return drift;
}

function integrationDrift(
  desired: DesiredContactPoint,
  integration: DesiredIntegration,
  current: EmbeddedContactPoint,
): string[] {
  const drift: string[] = [];
  if (current.name !== desired.name) drift.push('name');
  if (current.type.toLowerCase() !== integration.type.toLowerCase()) drift.push('type');
  if ((current.disableResolveMessage ?? false) !== integration.disableResolveMessage)
    drift.push('disableResolveMessage');
  drift.push(...settingsDrift(sentSettings(integration), current.settings ?? {}).map((k) => `settings.${k}`));
  if (provenanceOf(current) !== wantedProvenance(desired.editable)) drift.push('provenance');
  return drift;
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
function sentSettings(integration: DesiredIntegration): Settings {
  const settings = structuredClone(integration.settings);
  for (const [key, value] of Object.entries(integration.secure)) setPath(settings, key, value);
  return settings;
}

/**
 * Makes Grafana's receiver match: creates or updates each integration (only those that differ, or
 * carry secrets, which cannot be compared), re-creates those whose provenance must change, then
 * deletes the receiver's integrations the spec does not list.
 */
async function writeContactPoint(
  target: InstanceTarget,
  desired: DesiredContactPoint,
  observed: ObservedContactPoint | undefined,
): Promise<void> {
  const api = target.api.contactPoints;
  const options: ProvenanceOptions = { disableProvenance: desired.editable };
  const wanted = wantedProvenance(desired.editable);
  // Grafana's current integrations, kept up to date below.
  const live = new Map((await api.list()).map((i) => [i.uid, i]));
  const names = new Set(
    [desired.name, desired.recordedName, observed?.name].filter((n): n is string => n !== undefined),
  );
  const fresh = observeIn([...live.values()], desired);
  // Appeared since the list the reconcile read: judged like any clash.
  if (fresh && !fresh.recorded && !desired.adopt) throw notOurs(fresh);

  // Integrations this write adds (uids Grafana did not have): if a later step fails, say Grafana
  // refuses the second integration's settings, they are deleted again, so a receiver is never left
  // half-created. (An update of an existing integration cannot be undone: its secrets are gone.)
  const existed = new Set(live.keys());
  const added: string[] = [];
  const create = async (body: ContactPointInput): Promise<EmbeddedContactPoint> => {
    try {
      const created = await api.create(body, options);
      live.set(created.uid, { ...created, ...(wanted ? { provenance: wanted } : {}) });
      // Not a temporary sibling (no uid asked for): that one may be all a receiver has left.
      if (body.uid !== undefined && !existed.has(created.uid)) added.push(created.uid);
      return created;
    } catch (err) {
      if (err instanceof GrafanaAlreadyExistsError) {
        throw new ObjectError(
          'Conflict',
          `integration uid ${body.uid} is already used by another contact point in Grafana: ${err.grafanaMessage}`,
        );
      }
      throw err;
    }
  };
  const remove = async (integration: EmbeddedContactPoint): Promise<void> => {
    await deleteIntegration(target, integration, integration.name);
    live.delete(integration.uid);
  };
  // Delete and create again under the same uid; a lone integration through a temporary sibling,
  // since Grafana refuses to delete the last integration of a receiver in use.
  const recreate = async (current: EmbeddedContactPoint, body: ContactPointInput): Promise<void> => {
    const siblings = [...live.values()].filter((i) => i.name === current.name && i.uid !== current.uid);
    if (siblings.length > 0) {
      await remove(current);
      await create(body);
      return;
    }
    const { uid: _uid, ...withoutUid } = body;
    const temporary = await create({ ...withoutUid, name: current.name });
    await remove(current);
    await create(body);
    await remove(temporary);
  };

  try {
    for (const integration of desired.integrations) {
      const body: ContactPointInput = {
        uid: integration.uid,
        name: desired.name,
        type: integration.type,
        settings: sentSettings(integration),
        disableResolveMessage: integration.disableResolveMessage,
      };
      const current = live.get(integration.uid);
      if (!current) {
        await create(body);
        continue;
      }
      refuseForeignManaged(`contact point "${current.name}" (integration ${current.uid})`, current);
      const stored = provenanceOf(current);
      if (stored !== '' && stored !== wanted) {
        await recreate(current, body);
        continue;
      }
      const unchanged =
        integrationDrift(desired, integration, current).length === 0 &&
        Object.keys(integration.secure).length === 0;
      if (unchanged) continue;
      try {
        await api.update(integration.uid, body, options);
        live.set(integration.uid, { ...current, name: desired.name });
      } catch (err) {
        if (!(err instanceof GrafanaProvenanceConflictError)) throw err;
        await recreate(current, body);
      }
    }

    const uids = new Set(desired.integrations.map((i) => i.uid));
    for (const extra of [...live.values()]) {
      if (names.has(extra.name) && !uids.has(extra.uid) && !isForeignManaged(extra.provenance))
        await remove(extra);
    }
  } catch (err) {
    for (const uid of added.reverse()) {
      if (live.has(uid)) await api.delete(uid).catch(() => undefined);
    }
    throw err;
  }
}

/**
 * DELETE one integration. Grafana refuses (409) when it is the last one of a receiver a
 * notification policy or an alert rule uses: reported with Grafana's message and what uses it.
 */
async function deleteIntegration(
  target: InstanceTarget,
  integration: EmbeddedContactPoint,
  name: string,
): Promise<void> {
  try {
    await target.api.contactPoints.delete(integration.uid);
  } catch (err) {
    if (err instanceof GrafanaConflictError && !(err instanceof GrafanaProvenanceConflictError)) {
      const users = await usersOf(target.api, {
        route: (route) => route.receiver === name,
        rule: (settings) => settings.receiver === name,
      });
      throw new ObjectError('Conflict', inUseMessage(`contact point "${name}"`, err, users));
    }
    throw err;
  }
}

async function snapshot(target: InstanceTarget): Promise<Map<string, EmbeddedContactPoint>> {
  return target.snapshots.get(SNAPSHOT, async () =>
    (await target.api.contactPoints.list()).map((i) => [i.uid, i] as [string, EmbeddedContactPoint]),
  );
}

function describe(name: string): Applied {
  return { uid: nameUid(name) };
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
