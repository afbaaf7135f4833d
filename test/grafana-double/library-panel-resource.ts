/**
 * Library elements served through `dashboard.grafana.app` `librarypanels` when the
 * `kubernetesLibraryPanels` toggle is on (§7.1; main's `pkg/services/libraryelements/api.go`
 * `libraryElementsK8sHandler` and `conversions.go`). The legacy model is split into the typed
 * `LibraryPanelSpec` and `status.missing` on every write (`LegacyModelToLibraryPanel`) and rebuilt
 * on every read (`LibraryPanelToLegacyModel`), then `id` and `libraryPanel` are put back in.
 */
import { LIBRARY_PANEL_SPEC_KEYS } from '../../src/grafana/library-panels.js';
import type { JsonObject } from './types.js';

/** The typed part of `v0alpha1.LibraryPanelSpec` the model maps to. */
interface LibraryPanelSpec {
  type: string;
  pluginVersion: string;
  panelTitle: string;
  description: string;
  options: JsonObject | undefined;
  fieldConfig: JsonObject | undefined;
  datasource: JsonObject | undefined;
  gridPos: JsonObject | undefined;
  transparent: boolean;
  links: unknown[];
  targets: unknown[];
}

export interface LibraryPanelResource {
  spec: LibraryPanelSpec;
  missing: JsonObject;
}

/**
 * `LegacyModelToLibraryPanel`: undefined when a typed field has the wrong JSON type, which Go's
 * unmarshal refuses (the handler answers 400 `invalid library element model`).
 */
export function toLibraryPanelResource(model: JsonObject): LibraryPanelResource | undefined {
  const text = (key: string): string | undefined | null => {
    const value = model[key];
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : null;
  };
  const object = (key: string): JsonObject | undefined | null => {
    const value = model[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null;
  };
  const list = (key: string): unknown[] | null => {
    const value = model[key];
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : null;
  };
  const fields = {
    type: text('type'),
    pluginVersion: text('pluginVersion'),
    panelTitle: text('title'),
    description: text('description'),
    options: object('options'),
    fieldConfig: object('fieldConfig'),
    datasource: object('datasource'),
    gridPos: object('gridPos'),
    links: list('links'),
    targets: list('targets'),
  };
  if (Object.values(fields).some((value) => value === null)) return undefined;
  const transparent = model.transparent;
  if (transparent !== undefined && transparent !== null && typeof transparent !== 'boolean') return undefined;
  const missing: JsonObject = {};
  for (const [key, value] of Object.entries(model))
    if (!LIBRARY_PANEL_SPEC_KEYS.includes(key)) missing[key] = value;
  return {
    spec: { ...(fields as Omit<LibraryPanelSpec, 'transparent'>), transparent: transparent === true },
    missing: structuredClone(missing),
  };
}

/** `LibraryPanelToLegacyModel`: empty typed fields are left out, options and fieldConfig default to {}. */
export function toLegacyModel({ spec, missing }: LibraryPanelResource): JsonObject {
  const model: JsonObject = structuredClone(missing);
  model.type = spec.type;
  model.title = spec.panelTitle;
  if (spec.pluginVersion !== '') model.pluginVersion = spec.pluginVersion;
  if (spec.description !== '') model.description = spec.description;
  model.options = structuredClone(spec.options ?? {});
  model.fieldConfig = structuredClone(spec.fieldConfig ?? {});
  if (spec.gridPos !== undefined && Object.values(spec.gridPos).some((v) => v !== 0 && v !== false)) {
    model.gridPos = structuredClone(spec.gridPos);
  }
  if (spec.datasource !== undefined) model.datasource = structuredClone(spec.datasource);
  if (spec.targets.length > 0) model.targets = structuredClone(spec.targets);
  if (spec.links.length > 0) model.links = structuredClone(spec.links);
  if (spec.transparent) model.transparent = true;
  return model;
}

/** What `unstructuredToLegacyLibraryPanelDTO` returns as the model: the rebuild plus the identifiers. */
export function servedModel(
  stored: JsonObject,
  element: { id: number; uid: string; name: string },
): JsonObject {
  return {
    ...structuredClone(stored),
    id: element.id,
    libraryPanel: { name: element.name, uid: element.uid },
  };
}
