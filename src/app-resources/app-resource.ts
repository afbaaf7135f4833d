/**
 * A GrafanaAppResource's domain logic (contract §24): where its resource lives in Grafana (the
 * plural of its kind, found by discovery), what a write sends, and drift.
 *
 * Drift is judged by Grafana's `metadata.generation`, which its unified storage moves only when
 * the spec, the folder or a secure value changes (§24.2): after each write the generation Grafana
 * answered is recorded, and while Grafana shows that generation the spec is as written, whatever
 * Grafana filled in. Another generation is an edit: the spec is compared, field by field at the
 * top level. Labels and annotations do not move the generation, so the ones the spec sets, and the
 * folder, are compared on every check. A resource on legacy (SQL) storage has no generation and
 * keeps no labels (§24.2): its spec is compared on every check, and nothing else.
 */
import type { GrafanaAppResourceSpec } from '../api/generated/index.js';
import {
  orgNamespace,
  type AppResourceInput,
  type AppResourceObject,
  type AppResourcePlace,
  type GroupVersionKinds,
} from '../grafana/index.js';
import { isObject, sameJsonValue } from '../lib/json.js';
import { ObjectError } from '../lib/object-error.js';
import type { InstanceTarget } from '../sync/targets.js';

const FOLDER_ANNOTATION = 'grafana.app/folder';

/** How long a discovery of a group version is trusted per instance connection. */
const DISCOVERY_MAX_AGE_MS = 10 * 60_000;
const discoveries = new WeakMap<
  InstanceTarget,
  Map<string, { at: number; kinds: Promise<GroupVersionKinds | undefined> }>
>();

/** The kinds of `groupVersion` the instance serves (undefined: not served), asked once per 10 minutes. */
function servedKinds(target: InstanceTarget, groupVersion: string): Promise<GroupVersionKinds | undefined> {
  const byGroupVersion = discoveries.get(target) ?? new Map();
  discoveries.set(target, byGroupVersion);
  const cached = byGroupVersion.get(groupVersion);
  if (cached && Date.now() - cached.at < DISCOVERY_MAX_AGE_MS) return cached.kinds;
  const kinds = target.api.appResources.kinds(groupVersion);
  byGroupVersion.set(groupVersion, { at: Date.now(), kinds });
  // A failed discovery is asked again next time.
  kinds.catch(() => byGroupVersion.delete(groupVersion));
  return kinds;
}

/**
 * Where the spec's resource lives on `target`: its plural in the org's namespace. Unsupported,
 * naming what is missing, where Grafana does not serve the group version or has no such kind in it.
 */
export async function placeOf(
  target: InstanceTarget,
  spec: Pick<GrafanaAppResourceSpec, 'apiVersion' | 'kind'>,
): Promise<AppResourcePlace> {
  const kinds = await servedKinds(target, spec.apiVersion);
  const grafana = `Grafana${target.grafanaVersion ? ` ${target.grafanaVersion}` : ''}`;
  if (!kinds) throw new ObjectError('Unsupported', `${grafana} does not serve ${spec.apiVersion}`);
  const plural = kinds.get(spec.kind);
  if (!plural) {
    const known = [...kinds.keys()].sort();
    throw new ObjectError(
      'Unsupported',
      `${grafana} has no kind ${spec.kind} in ${spec.apiVersion}${known.length > 0 ? ` (it has ${known.join(', ')})` : ''}`,
    );
  }
  return { groupVersion: spec.apiVersion, plural, namespace: orgNamespace(target.orgId) };
}

export interface DesiredAppResource {
  place: AppResourcePlace;
  kind: string;
  spec: unknown;
  labels: Record<string, string>;
  /** The spec's annotations; the folder is `folderUid`. */
  annotations: Record<string, string>;
  /** '' at the root, or for a kind without folders. */
  folderUid: string;
}

export type ObservedAppResource = AppResourceObject & {
  /** Its generation is the one recorded after our last write or check: nobody changed the spec. */
  untouched: boolean;
};

/** The resource as observed, judged against the generation recorded after the last write or check. */
export function observedAgainst(found: AppResourceObject, recorded: number | undefined): ObservedAppResource {
  // Generation 0: legacy storage, which has none; nothing can be told from it.
  return { ...found, untouched: found.generation > 0 && found.generation === recorded };
}

export function desiredAppResource(
  spec: GrafanaAppResourceSpec,
  place: AppResourcePlace,
  folderUid: string,
): DesiredAppResource {
  return {
    place,
    kind: spec.kind,
    spec: spec.spec ?? {},
    labels: strings(spec.labels),
    annotations: strings(spec.annotations),
    folderUid,
  };
}

function strings(map: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Where Grafana's resource differs from the desired one; [] = in sync. */
export function appResourceDrift(desired: DesiredAppResource, observed: ObservedAppResource): string[] {
  if (observed.generation === 0) return specDrift(desired.spec, observed.spec);
  const drift: string[] = [];
  if ((observed.annotations[FOLDER_ANNOTATION] ?? '') !== desired.folderUid) drift.push('folder');
  for (const [key, value] of Object.entries(desired.labels)) {
    if (observed.labels[key] !== value) drift.push(`labels.${key}`);
  }
  for (const [key, value] of Object.entries(desired.annotations)) {
    if (observed.annotations[key] !== value) drift.push(`annotations.${key}`);
  }
  if (!observed.untouched) drift.push(...specDrift(desired.spec, observed.spec));
  return drift;
}

/** The top-level spec fields that differ, or `spec` as a whole when either is no object. */
function specDrift(wanted: unknown, stored: unknown): string[] {
  if (!isObject(wanted) || !isObject(stored)) return sameJsonValue(wanted, stored) ? [] : ['spec'];
  const keys = [...new Set([...Object.keys(wanted), ...Object.keys(stored)])].sort();
  return keys.filter((key) => !sameJsonValue(wanted[key], stored[key])).map((key) => `spec.${key}`);
}

/**
 * What a write sends: the spec, and the labels and annotations Grafana holds with the spec's put
 * over them (Grafana's own, such as who created it, stay), the folder as the spec says. An update
 * names the resourceVersion read, so a change in between is refused and retried.
 */
export function appResourceInput(
  uid: string,
  desired: DesiredAppResource,
  observed: AppResourceObject | undefined,
): AppResourceInput {
  const annotations = { ...(observed?.annotations ?? {}), ...desired.annotations };
  if (desired.folderUid === '') delete annotations[FOLDER_ANNOTATION];
  else annotations[FOLDER_ANNOTATION] = desired.folderUid;
  return {
    kind: desired.kind,
    name: uid,
    labels: { ...(observed?.labels ?? {}), ...desired.labels },
    annotations,
    spec: desired.spec,
    ...(observed ? { resourceVersion: observed.resourceVersion } : {}),
  };
}
