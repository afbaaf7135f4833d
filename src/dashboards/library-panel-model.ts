/**
 * A library panel's model (the panel JSON): read from the spec and checked, turned into what
 * Grafana will store, and compared with what it stores, whether it keeps the model as sent or
 * rebuilds it through the `librarypanels` resource (kubernetesLibraryPanels, contract §7.1).
 */
import type { GrafanaLibraryPanelSpec } from '../api/generated/index.js';
import { ObjectError } from '../lib/object-error.js';
import {
  LIBRARY_PANEL_SPEC_KEYS,
  type GrafanaLibraryElement,
  type LibraryPanelModel,
} from '../grafana/index.js';
import { isObject, jsonType, sameJsonValue } from '../lib/json.js';
import { pathDeeperThan, tooDeepMessage } from '../lib/json-depth.js';
import type { ConfigMapReader } from '../runtime/secrets.js';

/** The desired model in both forms Grafana may hand back. */
export interface PanelModels {
  /** The model as Grafana will store it (see {@link storedModel}). */
  model: LibraryPanelModel;
  /**
   * The model as a Grafana serving library panels through the `librarypanels` resource returns it,
   * without the `id` and `libraryPanel` it adds (see {@link resourceModel}).
   */
  resourceModel: LibraryPanelModel;
}

/** The panel JSON from whichever of model, json and configMapRef the spec sets. */
export async function panelModelOf(
  spec: GrafanaLibraryPanelSpec,
  configMaps: Pick<ConfigMapReader, 'value'>,
): Promise<LibraryPanelModel> {
  if (spec.model) return parsePanelModel(spec.model, 'spec.model');
  if (spec.json !== undefined) return parsePanelModel(spec.json, 'spec.json');
  if (spec.configMapRef) {
    const { name, key } = spec.configMapRef;
    return parsePanelModel(await configMaps.value({ name, key }), `ConfigMap "${name}" key "${key}"`);
  }
  throw new ObjectError('InvalidSpec', 'set exactly one of model, json or configMapRef (the panel JSON)');
}

/**
 * Checks a panel JSON the way the CRD checks spec.model (a JSON object with a string `type`; a
 * string `title` and `description` if present; nested at most MAX_JSON_DEPTH levels), so a bad `json` or ConfigMap is an InvalidSpec
 * rather than a 500 from Grafana (it cannot store a non-string type or description).
 */
export function parsePanelModel(source: unknown, where: string): LibraryPanelModel {
  let value = source;
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source) as unknown;
    } catch (err) {
      throw new ObjectError('InvalidSpec', `${where} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const tooDeep = pathDeeperThan(value, '');
  if (tooDeep) throw new ObjectError('InvalidSpec', tooDeepMessage(where, tooDeep));
  if (!isObject(value)) throw new ObjectError('InvalidSpec', `${where} must be a JSON object (the panel)`);
  if (value.type !== undefined && value.type !== null && typeof value.type !== 'string') {
    throw new ObjectError(
      'InvalidSpec',
      `${where}: "type" must be a string, the panel plugin id (got ${jsonType(value.type)})`,
    );
  }
  if (typeof value.type !== 'string' || value.type === '') {
    throw new ObjectError(
      'InvalidSpec',
      `${where} needs a "type": the panel plugin id, e.g. timeseries or stat`,
    );
  }
  for (const key of ['title', 'description']) {
    if (value[key] !== undefined && value[key] !== null && typeof value[key] !== 'string') {
      throw new ObjectError(
        'InvalidSpec',
        `${where}: "${key}" must be a string (got ${jsonType(value[key])})`,
      );
    }
  }
  return value;
}

/** Both forms of the model for the element `uid`. */
export function panelModels(model: LibraryPanelModel, uid: string): PanelModels {
  return { model: storedModel(model, uid), resourceModel: resourceModel(model) };
}

/**
 * The model as Grafana stores it when sent `model` for the element `uid` (contract §7, §12;
 * `syncFieldsWithModel` and `addUidToLibraryPanel`): `description` is written into it ("" when
 * absent or null), and an empty `libraryPanel.uid` becomes the element's uid. `type` is required
 * by the spec, because Grafana keeps the previous type when a PATCH omits it.
 */
export function storedModel(model: LibraryPanelModel, uid: string): LibraryPanelModel {
  const stored = JSON.parse(JSON.stringify(model)) as LibraryPanelModel;
  if (stored.description === undefined || stored.description === null) stored.description = '';
  const libraryPanel = stored.libraryPanel;
  if (isObject(libraryPanel) && libraryPanel.uid === '') libraryPanel.uid = uid;
  return stored;
}

/**
 * The model as Grafana returns it after storing `model` through the `librarypanels` resource
 * (contract §7.1; `LegacyModelToLibraryPanel` then `LibraryPanelToLegacyModel`), without the `id`
 * and `libraryPanel` it adds: keys without a typed field are kept; `type` and `title` always
 * appear (`""` when absent); `options` and `fieldConfig` default to {}; an empty `description` or
 * `pluginVersion`, a null `datasource`, empty `targets` or `links`, `transparent: false` and an
 * all-zero `gridPos` are left out.
 */
export function resourceModel(model: LibraryPanelModel): LibraryPanelModel {
  const out: LibraryPanelModel = {};
  for (const [key, value] of Object.entries(model)) {
    if (!LIBRARY_PANEL_SPEC_KEYS.includes(key)) out[key] = structuredClone(value);
  }
  out.type = typeof model.type === 'string' ? model.type : '';
  out.title = typeof model.title === 'string' ? model.title : '';
  for (const key of ['pluginVersion', 'description']) {
    if (typeof model[key] === 'string' && model[key] !== '') out[key] = model[key];
  }
  out.options = isObject(model.options) ? structuredClone(model.options) : {};
  out.fieldConfig = isObject(model.fieldConfig) ? structuredClone(model.fieldConfig) : {};
  if (isObject(model.gridPos) && Object.values(model.gridPos).some((v) => v !== 0 && v !== false)) {
    out.gridPos = structuredClone(model.gridPos);
  }
  if (isObject(model.datasource)) out.datasource = structuredClone(model.datasource);
  for (const key of ['targets', 'links']) {
    const list = model[key];
    if (Array.isArray(list) && list.length > 0) out[key] = structuredClone(list);
  }
  if (model.transparent === true) out.transparent = true;
  return out;
}

/**
 * Keys of the spec's model that the `librarypanels` rebuild loses or replaces, except those whose
 * value only said "empty" (an empty description, `transparent: false`, …): said once, as an Event.
 */
export function droppedKeys(model: LibraryPanelModel): string[] {
  const rebuilt = resourceModel(model);
  const replaced = ['id', 'libraryPanel'].filter((key) => model[key] !== undefined);
  const lost = Object.keys(model).filter(
    (key) => !(key in rebuilt) && !replaced.includes(key) && !isEmptyValue(model[key]),
  );
  return [...replaced, ...lost].sort();
}

function isEmptyValue(value: unknown): boolean {
  if (value === null || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.values(value).every((v) => v === 0 || v === false);
}

/**
 * Whether Grafana served this element through the `librarypanels` resource
 * (`kubernetesLibraryPanels`, contract §7.1): the model then carries the element's own id and a
 * `libraryPanel` naming the element, and always a `title`, `options` and `fieldConfig`. The toggle
 * is evaluated per request (and renamed on main), so the element's shape is what tells.
 */
export function servedThroughResource(element: GrafanaLibraryElement): boolean {
  const model = element.model;
  if (!isObject(model) || !isObject(model.libraryPanel)) return false;
  return (
    model.id === element.id &&
    model.libraryPanel.uid === element.uid &&
    model.libraryPanel.name === element.name &&
    typeof model.title === 'string' &&
    isObject(model.options) &&
    isObject(model.fieldConfig)
  );
}

/**
 * The top-level model keys (`model.options`) where the element Grafana holds differs from the
 * desired model, compared whole, key by key, as JSON values (key order and how Grafana spells
 * numbers, 1.0, do not matter): any key added, removed or changed in Grafana is drift.
 */
export function modelDrift(desired: PanelModels, observed: GrafanaLibraryElement): string[] {
  let stored = isObject(observed.model) ? observed.model : {};
  let wanted = desired.model;
  if (servedThroughResource(observed)) {
    // Rebuilt on every read (contract §7.1): compare with the same rebuild; the identifiers it
    // adds are Grafana's.
    const { id: _id, libraryPanel: _libraryPanel, ...rest } = stored;
    stored = rest;
    wanted = desired.resourceModel;
  }
  const keys = [...new Set([...Object.keys(wanted), ...Object.keys(stored)])].sort();
  return keys.filter((key) => !sameJsonValue(stored[key], wanted[key])).map((key) => `model.${key}`);
}
