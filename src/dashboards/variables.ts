/**
 * GrafanaDashboard `spec.variables`: the default of each named template variable, written into the
 * JSON's `templating.list[]` in the shape Grafana saves it (grafana-api.md §6.11): `current` for
 * every kind of variable, `options[].selected` where the variable keeps its options, and `query`
 * where that is the value (constant, textbox).
 */
import type { GrafanaDashboardSpec } from '../api/generated/index.js';
import { isObject, type JsonObject } from '../lib/json.js';
import { ObjectError } from '../lib/object-error.js';

export type VariableDefault = NonNullable<GrafanaDashboardSpec['variables']>[number];

/** Variables whose value is their `query`: Grafana saves the value there as well as in `current`. */
const VALUE_IN_QUERY: readonly string[] = ['constant', 'textbox'];
/** Variables without a value to set: ad hoc filters hold filters. */
const WITHOUT_VALUE: readonly string[] = ['adhoc'];

/**
 * `dashboard` with the defaults of `defaults` in its template variables; the dashboard itself when
 * there are none. A name that is not a variable of the dashboard, several values for a variable
 * that holds one, or a variable without a value is InvalidSpec, naming it.
 */
export function withVariableDefaults(
  dashboard: JsonObject,
  defaults: readonly VariableDefault[] | undefined,
  source: string,
): JsonObject {
  if (!defaults || defaults.length === 0) return dashboard;
  const templating = isObject(dashboard.templating) ? dashboard.templating : {};
  const list = Array.isArray(templating.list) ? templating.list : [];
  const names = list.flatMap((variable) =>
    isObject(variable) && typeof variable.name === 'string' ? [variable.name] : [],
  );
  const unknown = defaults.filter((entry) => !names.includes(entry.name)).map((entry) => entry.name);
  if (unknown.length > 0) {
    throw new ObjectError(
      'InvalidSpec',
      `spec.variables names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is not a variable' : 'are not variables'} of the dashboard in ${source} (${names.length > 0 ? `its variables: ${names.join(', ')}` : 'it has none'})`,
    );
  }
  const byName = new Map(defaults.map((entry) => [entry.name, entry]));
  const withDefaults = list.map((variable) => {
    if (!isObject(variable) || typeof variable.name !== 'string') return variable;
    const entry = byName.get(variable.name);
    return entry ? withDefault(variable, entry) : variable;
  });
  return { ...dashboard, templating: { ...templating, list: withDefaults } };
}

/** One variable with its default set. */
function withDefault(variable: JsonObject, entry: VariableDefault): JsonObject {
  const type = typeof variable.type === 'string' ? variable.type : '';
  const name = entry.name;
  if (WITHOUT_VALUE.includes(type))
    throw new ObjectError(
      'InvalidSpec',
      `spec.variables: ${name} is an ad hoc filters variable, which has no value to set; remove its entry`,
    );
  const multiValue = entry.values !== undefined;
  if (multiValue && (VALUE_IN_QUERY.includes(type) || variable.multi !== true))
    throw new ObjectError(
      'InvalidSpec',
      `spec.variables: ${name} holds one value${type ? ` (a ${type} variable${variable.multi === true ? '' : ' without multi-value'})` : ''}; set value, not values`,
    );
  const selected = entry.values ?? [entry.value ?? ''];
  const current = multiValue
    ? { text: selected, value: selected }
    : { text: entry.text ?? selected[0]!, value: selected[0]! };
  const out: JsonObject = { ...variable, current };
  if (VALUE_IN_QUERY.includes(type)) out.query = current.value;
  // A textbox is saved with its value as its one option (a constant of an older export too).
  if (type === 'textbox' || (type === 'constant' && Array.isArray(variable.options)))
    out.options = [{ ...current, selected: true }];
  else if (Array.isArray(variable.options)) {
    out.options = variable.options.map((option) =>
      isObject(option) ? { ...option, selected: selected.includes(String(option.value)) } : option,
    );
  }
  return out;
}
