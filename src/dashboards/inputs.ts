/**
 * The inputs of a dashboard exported for sharing (`__inputs`): which datasource each one stands
 * for, and the JSON with every `${INPUT}` replaced, as Grafana's import does.
 */
import type { GrafanaDashboardSpec } from '../api/generated/index.js';
import { ObjectError } from '../lib/object-error.js';
import { isObject, type JsonObject, jsonType } from '../lib/json.js';

/** One `__inputs` entry: `{"name":"DS_PROMETHEUS","type":"datasource","pluginId":"prometheus",…}`. */
export interface DashboardInput {
  name: string;
  /** `datasource`, `constant`, … */
  type: string;
  pluginId?: string;
  /** Constants carry their value. */
  value?: string;
}

export type DatasourceMapping = NonNullable<GrafanaDashboardSpec['datasources']>[number];

export function inputsOf(dashboard: JsonObject, source: string): DashboardInput[] {
  const raw = dashboard.__inputs;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ObjectError('InvalidSpec', `${source}: "__inputs" must be an array`);
  return raw.map((entry, index) => {
    if (!isObject(entry)) {
      throw new ObjectError(
        'InvalidSpec',
        `${source}: __inputs[${index}] must be an object (got ${jsonType(entry)})`,
      );
    }
    if (entry.name !== undefined && entry.name !== null && typeof entry.name !== 'string') {
      throw new ObjectError(
        'InvalidSpec',
        `${source}: __inputs[${index}].name must be a string (got ${jsonType(entry.name)})`,
      );
    }
    if (typeof entry.name !== 'string' || entry.name === '') {
      throw new ObjectError('InvalidSpec', `${source}: __inputs[${index}] has no "name"`);
    }
    return {
      name: entry.name,
      type: typeof entry.type === 'string' ? entry.type : '',
      ...(typeof entry.pluginId === 'string' ? { pluginId: entry.pluginId } : {}),
      ...(typeof entry.value === 'string' ? { value: entry.value } : {}),
    };
  });
}

/**
 * inputName → datasource uid for the spec's `datasources`: a uid is taken as it is, a name is looked
 * up in `uidsByName` (the instance's datasources, asked for only when a name is used). A name the
 * instance does not have is DependencyNotReady: the datasource may still be on its way.
 */
export async function mappedDatasources(
  entries: readonly DatasourceMapping[],
  uidsByName: () => Promise<ReadonlyMap<string, string>>,
  instance: string,
): Promise<Map<string, string>> {
  const mapped = new Map<string, string>();
  let byName: ReadonlyMap<string, string> | undefined;
  for (const entry of entries) {
    if (entry.datasourceUid) {
      mapped.set(entry.inputName, entry.datasourceUid);
      continue;
    }
    if (!entry.datasourceName) continue;
    byName ??= await uidsByName();
    const uid = byName.get(entry.datasourceName);
    if (!uid) {
      throw new ObjectError(
        'DependencyNotReady',
        `waiting for a datasource named "${entry.datasourceName}" (input ${entry.inputName}) in GrafanaInstance ${instance}`,
      );
    }
    mapped.set(entry.inputName, uid);
  }
  return mapped;
}

/**
 * The value of every input: a mapping from the spec (a datasource uid) wins; an input that is not a
 * datasource keeps the value the export recorded (constants). Unresolved inputs and mappings that
 * name no input are InvalidSpec, naming them.
 */
export function inputValues(
  inputs: readonly DashboardInput[],
  mapped: ReadonlyMap<string, string>,
  source: string,
): Map<string, string> {
  checkMappedInputs(inputs, [...mapped.keys()], source);
  const values = new Map<string, string>();
  const missing: DashboardInput[] = [];
  for (const input of inputs) {
    const value = mapped.get(input.name) ?? (input.type !== 'datasource' ? input.value : undefined);
    if (value === undefined) missing.push(input);
    else values.set(input.name, value);
  }
  if (missing.length > 0) {
    const names = missing.map((i) => (i.pluginId ? `${i.name} (${i.pluginId})` : i.name));
    throw new ObjectError(
      'InvalidSpec',
      `the dashboard's input${missing.length > 1 ? 's' : ''} ${list(names)} ${missing.length > 1 ? 'have' : 'has'} no datasource; map ${missing.length > 1 ? 'them' : 'it'} in spec.datasources (inputName with datasourceUid or datasourceName)`,
    );
  }
  return values;
}

/** Mappings must name declared inputs: a typo would otherwise leave a placeholder in the dashboard. */
export function checkMappedInputs(
  inputs: readonly DashboardInput[],
  names: readonly string[],
  source: string,
): void {
  const declared = new Set(inputs.map((input) => input.name));
  const unknown = names.filter((name) => !declared.has(name));
  if (unknown.length === 0) return;
  throw new ObjectError(
    'InvalidSpec',
    `spec.datasources names ${list(unknown.map((n) => `"${n}"`))}, which ${source} does not declare in __inputs` +
      (inputs.length > 0 ? ` (it declares ${list(inputs.map((i) => i.name))})` : ' (it declares no inputs)'),
  );
}

/** Replaces `${NAME}` for every input NAME in every string of the JSON (as Grafana's import does). */
export function substituteInputs<T>(value: T, values: ReadonlyMap<string, string>): T {
  if (values.size === 0) return value;
  const pattern = new RegExp(
    `\\$\\{(${[...values.keys()].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\}`,
    'g',
  );
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return node.replace(pattern, (_m, name: string) => values.get(name) ?? _m);
    if (Array.isArray(node)) return node.map(walk);
    if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(value) as T;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
