import {
  GrafanaLibraryPanelResource,
  grafanaLibraryPanelSpecSchema,
  type GrafanaLibraryPanel,
  type GrafanaLibraryPanelSpec,
} from '../api/generated/index.js';
import {
  GrafanaConflictError,
  GrafanaLibraryElementExistsError,
  GrafanaNotFoundError,
  GrafanaVersionMismatchError,
  LIBRARY_PANEL_KIND,
  LIBRARY_PANEL_SPEC_KEYS,
  libraryElementFolderUid,
  undefinedIfNotFound,
  type GrafanaLibraryElement,
  type LibraryPanelModel,
} from '../grafana/index.js';
import { pathDeeperThan, tooDeepMessage } from '../runtime/json-depth.js';
import { resolveFolderRef } from './shared/folder-ref.js';
import {
  ObjectError,
  showName,
  type Applied,
  type KindContext,
  type ObjectKind,
} from './shared/grafana-object.js';
import { canonicalJson } from './shared/hash.js';
import { jsonType } from './shared/json-type.js';
import type { InstanceTarget } from './shared/targets.js';
import { boundedList } from '../runtime/messages.js';

export interface DesiredLibraryPanel {
  name: string;
  /** '' for the General folder. */
  folderUid: string;
  /** The model as Grafana will store it (see {@link storedModel}). */
  model: LibraryPanelModel;
  /**
   * The model as a Grafana serving library panels through the `librarypanels` resource returns it,
   * without the `id` and `libraryPanel` it adds (see {@link resourceModel}).
   */
  resourceModel: LibraryPanelModel;
}

const SNAPSHOT = 'library-panels';
const GENERAL_FOLDER_UID = 'general';

/**
 * GrafanaLibraryPanel. Reads come from one list call per instance (shared by all objects), which
 * returns every panel with its model; only a panel missing from it is looked up on its own.
 * Grafana compares `version` on every PATCH (contract §7), so writes send the version last read
 * and, when someone else saved in between (412), read again and retry once. Dashboards refer to
 * a library panel by uid, and the uid never changes here, so they keep showing it through every
 * change; Grafana refuses to delete one that a dashboard still uses.
 *
 * What is compared (contract §12): `name`, the folder, and the model. The model is compared whole,
 * key by key, against what Grafana stores for the desired model: Grafana keeps the model as sent,
 * except that it writes the panel's `type` and `description` into it (`description` becomes "" when
 * absent) and fills an empty `libraryPanel.uid` with the element's uid; {@link storedModel} applies
 * exactly that to the desired model, so a model Grafana has not been asked to change compares equal,
 * and any key added, removed or changed in Grafana is drift. The element's own `type`,
 * `description`, `version`, `id` and `meta` are Grafana's and are not compared.
 */
export const grafanaLibraryPanelKind: ObjectKind<
  GrafanaLibraryPanelSpec,
  GrafanaLibraryPanel,
  DesiredLibraryPanel,
  GrafanaLibraryElement
> = {
  resource: GrafanaLibraryPanelResource,
  specSchema: grafanaLibraryPanelSpecSchema,

  async desired(context, target) {
    const { spec, metadata } = context.object;
    const folderUid = spec.folderRef
      ? await resolveFolderRef(context, target, spec.folderRef)
      : normaliseFolderUid(spec.folderUID ?? '');
    const model = await panelModel(context);
    const desired = {
      name: spec.name ?? metadata?.name ?? '',
      folderUid,
      model: storedModel(model, context.uid),
      resourceModel: resourceModel(model),
    };
    const listed = (await snapshot(target)).get(context.uid);
    const dropped = listed && servedThroughResource(listed) ? droppedKeys(model) : [];
    if (dropped.length > 0) {
      // Deduplicated: one Event however often this is reconciled.
      await context.event(
        'Warning',
        'ModelKeysDropped',
        `${target.name}: Grafana keeps library panel models without ${boundedList(dropped, { maxItems: 10 })} (kubernetesLibraryPanels); remove them from the spec`,
      );
    }
    return desired;
  },

  hashable: (desired) => desired,

  // Names are unique per folder (and per org for uids, which the shared layer claims).
  claims: ({ name, folderUid }) => [`name:${folderUid}/${name}`],

  async observe(target, uid) {
    const listed = (await snapshot(target)).get(uid);
    if (listed) return listed;
    // Not in the list (up to 10 s old): one GET before creating, so that a panel made in Grafana
    // meanwhile is judged by the ownership rules (Conflict unless adopt) instead of overwritten.
    const current = await undefinedIfNotFound(target.api.libraryPanels.get(uid));
    if (current && current.kind !== LIBRARY_PANEL_KIND) throw variableConflict(uid);
    if (current) target.snapshots.put(SNAPSHOT, uid, current);
    return current;
  },

  async findClash(target, uid, desired) {
    return findByName(await snapshot(target), desired, uid);
  },

  diff: diffLibraryPanel,

  async write(target, uid, desired, observed) {
    const panels = target.api.libraryPanels;
    let current = observed;
    if (!current) {
      try {
        return record(
          target,
          await panels.create({
            uid,
            name: desired.name,
            model: desired.model,
            folderUid: desired.folderUid,
          }),
        );
      } catch (err) {
        if (err instanceof GrafanaNotFoundError && desired.folderUid) {
          throw new ObjectError(
            'DependencyNotReady',
            `folder ${desired.folderUid} does not exist in Grafana (${err.grafanaMessage || err.message})`,
          );
        }
        if (!(err instanceof GrafanaLibraryElementExistsError)) throw err;
        // 400 "with that name or UID already exists" (§7) does not say which: it appeared since we read.
        target.snapshots.invalidate(SNAPSHOT);
        current = await undefinedIfNotFound(panels.get(uid));
        if (!current) {
          const clash = findByName(await snapshot(target), desired, uid);
          throw new ObjectError(
            'Conflict',
            `${describePanel(desired, clash?.uid)} already exists in Grafana and was not created by this object; set spec.adopt: true to take it over`,
          );
        }
        if (current.kind !== LIBRARY_PANEL_KIND) throw variableConflict(uid);
      }
    }
    return record(target, await update(target, current, desired));
  },

  async remove(target, uid) {
    const panels = target.api.libraryPanels;
    try {
      await panels.delete(uid);
    } catch (err) {
      if (err instanceof GrafanaNotFoundError) {
        target.snapshots.remove(SNAPSHOT, uid);
        return;
      }
      // 403 "the library element has connections" (§7): a dashboard still uses it.
      if (err instanceof GrafanaConflictError) {
        const dashboards = (await panels.connections(uid).catch(() => [])).map((c) => c.connectionUid);
        const users = dashboards.length
          ? ` (used by ${dashboards.length === 1 ? 'dashboard' : 'dashboards'} ${boundedList(dashboards, { maxItems: 5 })})`
          : '';
        throw new ObjectError(
          'Conflict',
          `${err.message}${users}; remove the panel from those dashboards, or set spec.deletionPolicy: Orphan`,
        );
      }
      throw err;
    }
    target.snapshots.remove(SNAPSHOT, uid);
  },

  describe,
  shown: showName,
};

/**
 * The fields where Grafana's library panel differs from the desired one; [] = in sync. Model drift
 * is reported per top-level key (`model.options`), which is what the DriftReverted Event names.
 */
export function diffLibraryPanel(desired: DesiredLibraryPanel, observed: GrafanaLibraryElement): string[] {
  const drift: string[] = [];
  if (observed.name !== desired.name) drift.push('name');
  if (libraryElementFolderUid(observed) !== desired.folderUid) drift.push('folder');
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
  // As JSON values: key order and how Grafana spells numbers (1.0) do not matter.
  for (const key of keys) {
    if (canonicalJson(stored[key]) !== canonicalJson(wanted[key])) drift.push(`model.${key}`);
  }
  return drift;
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

/** The panel JSON from whichever of model, json and configMapRef the spec sets. */
async function panelModel(context: KindContext<GrafanaLibraryPanel>): Promise<LibraryPanelModel> {
  const { spec } = context.object;
  if (spec.model) return parsePanelModel(spec.model, 'spec.model');
  if (spec.json !== undefined) return parsePanelModel(spec.json, 'spec.json');
  if (spec.configMapRef) {
    const { name, key } = spec.configMapRef;
    return parsePanelModel(await context.configMaps.value({ name, key }), `ConfigMap "${name}" key "${key}"`);
  }
  throw new ObjectError('InvalidSpec', 'set exactly one of model, json or configMapRef (the panel JSON)');
}

/**
 * PATCH with the version we read. A 412 means someone saved the panel since: read its version
 * and write once more; a second 412 is reported (VersionMismatch) and retried later.
 */
async function update(
  target: InstanceTarget,
  current: GrafanaLibraryElement,
  desired: DesiredLibraryPanel,
): Promise<GrafanaLibraryElement> {
  const panels = target.api.libraryPanels;
  const patch = (version: number) =>
    panels.update(current.uid, {
      version,
      name: desired.name,
      model: desired.model,
      folderUid: desired.folderUid,
    });
  try {
    try {
      return await patch(current.version);
    } catch (err) {
      if (!(err instanceof GrafanaVersionMismatchError)) throw err;
      return await patch((await panels.get(current.uid)).version);
    }
  } catch (err) {
    target.snapshots.invalidate(SNAPSHOT);
    // The uid is ours, so an "exists" answer is about the name in the target folder.
    if (err instanceof GrafanaLibraryElementExistsError) {
      const clash = findByName(await snapshot(target), desired, current.uid);
      throw new ObjectError(
        'Conflict',
        `${describePanel(desired, clash?.uid)} already exists in Grafana; choose another name or folder`,
      );
    }
    throw err;
  }
}

function findByName(
  panels: Map<string, GrafanaLibraryElement>,
  desired: DesiredLibraryPanel,
  exceptUid: string,
): GrafanaLibraryElement | undefined {
  for (const panel of panels.values()) {
    if (
      panel.uid !== exceptUid &&
      panel.name === desired.name &&
      libraryElementFolderUid(panel) === desired.folderUid
    )
      return panel;
  }
  return undefined;
}

async function snapshot(target: InstanceTarget): Promise<Map<string, GrafanaLibraryElement>> {
  return target.snapshots.get(SNAPSHOT, async () =>
    (await target.api.libraryPanels.list()).map(
      (panel) => [panel.uid, panel] as [string, GrafanaLibraryElement],
    ),
  );
}

function record(target: InstanceTarget, panel: GrafanaLibraryElement): Applied {
  target.snapshots.put(SNAPSHOT, panel.uid, panel);
  return describe(panel);
}

function describe(panel: GrafanaLibraryElement): Applied {
  return { uid: panel.uid, version: panel.version };
}

function variableConflict(uid: string): ObjectError {
  return new ObjectError('Conflict', `uid ${uid} belongs to a library variable in Grafana, not a panel`);
}

function describePanel(desired: DesiredLibraryPanel, uid: string | undefined): string {
  const folder = desired.folderUid ? `folder ${desired.folderUid}` : 'the General folder';
  return `a library panel named "${desired.name}" in ${folder}${uid ? ` (uid ${uid})` : ''}`;
}

function normaliseFolderUid(uid: string): string {
  return uid === GENERAL_FOLDER_UID ? '' : uid;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
