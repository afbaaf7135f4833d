/**
 * Telling a v2 dashboard from classic dashboard JSON, and the version it is written in (contract
 * §23). v2 is the app-platform schema of `dashboard.grafana.app` v2alpha1/v2beta1/v2: panels are
 * `elements` placed by a `layout`, not a `panels` array.
 */
import type { GrafanaDashboardSpec } from '../api/generated/index.js';
import { V2_SCHEMA_VERSIONS } from '../grafana/index.js';
import { isObject, jsonType, type JsonObject } from '../lib/json.js';
import { ObjectError } from '../lib/object-error.js';
import type { ContentUid } from '../sync/uid.js';

const V2_API_VERSION = /^dashboard\.grafana\.app\/(v2[a-z0-9]*)$/;

/** A v2 dashboard as the content gives it. */
export interface V2Content {
  spec: JsonObject;
  /** The version a whole resource names (`apiVersion`); undefined for a bare spec. */
  version: string | undefined;
  /** A resource's `metadata.name`, taken as the JSON's uid is for classic JSON. */
  jsonUid: ContentUid | undefined;
}

/**
 * The v2 dashboard in `text`, or undefined when it is none (classic JSON, or not JSON at all: the
 * classic parse reports that). v2 is either a whole `Dashboard` resource whose `apiVersion` is
 * `dashboard.grafana.app/v2…`, or a bare spec: an object with `elements` and `layout` objects and
 * no `panels`.
 */
export function v2ContentOf(text: string, source: string): V2Content | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (value.kind === 'Dashboard' && typeof value.apiVersion === 'string' && isObject(value.spec)) {
    const version = V2_API_VERSION.exec(value.apiVersion)?.[1];
    if (!version) return undefined;
    const name = isObject(value.metadata) ? value.metadata.name : undefined;
    return {
      spec: checkedSpec(value.spec, source),
      version,
      jsonUid: typeof name === 'string' && name.trim() !== '' ? { value: name.trim(), source } : undefined,
    };
  }
  if (value.panels === undefined && isObject(value.elements) && isObject(value.layout)) {
    return { spec: checkedSpec(value, source), version: undefined, jsonUid: undefined };
  }
  return undefined;
}

/** A v2 spec needs a title, as a classic dashboard does (Grafana's admission refuses none). */
function checkedSpec(spec: JsonObject, source: string): JsonObject {
  const { title } = spec;
  if (typeof title !== 'string' || title.trim() === '') {
    throw new ObjectError(
      'InvalidSpec',
      title === undefined || title === null
        ? `${source} is a v2 dashboard without a "title"; Grafana needs one to save it`
        : `${source}: the v2 dashboard's title must be a non-empty string (got ${jsonType(title)})`,
    );
  }
  return spec;
}

/** Spec fields that work on classic dashboard JSON only. */
const CLASSIC_ONLY = ['datasources', 'variables', 'permissions', 'publicDashboard'] as const;

/** Refuses spec fields a v2 dashboard does not take. */
export function checkV2Spec(spec: GrafanaDashboardSpec, source: string): void {
  const set = CLASSIC_ONLY.filter((key) => spec[key] !== undefined);
  if (set.length > 0) {
    throw new ObjectError(
      'InvalidSpec',
      `${source} is a v2 dashboard; ${set.map((key) => `spec.${key}`).join(', ')} apply to classic dashboard JSON only`,
    );
  }
}

/**
 * The version to write: the one the resource names, else the newest v2 version served. Unsupported
 * when Grafana serves none of them (11.x: no dashboard API group with v2) or not the one named.
 */
export function v2VersionOn(
  served: readonly string[],
  wanted: string | undefined,
  grafanaVersion: string | undefined,
): string {
  const grafana = `Grafana${grafanaVersion ? ` ${grafanaVersion}` : ''}`;
  if (wanted !== undefined) {
    if (served.includes(wanted)) return wanted;
    const v2 = V2_SCHEMA_VERSIONS.filter((version) => served.includes(version));
    throw new ObjectError(
      'Unsupported',
      `${grafana} does not serve dashboard.grafana.app/${wanted}${v2.length > 0 ? ` (it serves ${v2.join(', ')})` : ''}; v2 dashboards need Grafana 12 or later`,
    );
  }
  const newest = V2_SCHEMA_VERSIONS.find((version) => served.includes(version));
  if (newest) return newest;
  throw new ObjectError(
    'Unsupported',
    `${grafana} does not serve v2 dashboards (dashboard.grafana.app ${[...V2_SCHEMA_VERSIONS].reverse().join(', ')}): they need Grafana 12 or later`,
  );
}
