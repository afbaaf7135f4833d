/**
 * The dashboard a GrafanaDashboard asks Grafana to hold: its JSON, parsed, with the export's inputs
 * replaced by the datasources the spec maps them to, and prepared to send.
 */
import type { FolderPermission } from '../access/permissions.js';
import type { GrafanaDashboardSpec } from '../api/generated/index.js';
import type { JsonObject } from '../lib/json.js';
import type { ContentUid } from '../sync/uid.js';
import { checkMappedInputs, inputsOf, inputValues, mappedDatasources, substituteInputs } from './inputs.js';
import { parseDashboard } from './parse.js';
import { jsonUidOf, prepareDashboard } from './prepare.js';
import { withVariableDefaults } from './variables.js';

export interface DesiredDashboard {
  /**
   * The JSON to save: inputs substituted, export keys and id/version/uid dropped; the object's uid
   * is put in when it is written (it is decided from `jsonUid` and the object, see chooseUid).
   */
  dashboard: JsonObject;
  /** The `uid` the JSON carries, if any. */
  jsonUid: ContentUid | undefined;
  /** '' is the General level. */
  folderUid: string;
  message: string;
  editable: boolean;
  /** Undefined: the dashboard's permissions are not ours to manage. */
  permissions?: FolderPermission[];
}

/** What the content resolves to before the folder is known. */
export type PreparedContent = Pick<DesiredDashboard, 'dashboard' | 'jsonUid' | 'editable'>;

/** Where the instance's datasources are looked up by name, for inputs mapped by datasourceName. */
export interface DatasourceNames {
  /** The GrafanaInstance, for the message while a named datasource is missing. */
  instance: string;
  uidsByName(): Promise<ReadonlyMap<string, string>>;
}

/**
 * The JSON of `content` as it is sent: inputs checked against the spec's mappings (a mapping that
 * names no input is a spec error, reported before any name is looked up), then substituted, the
 * spec's variable defaults set, then prepared as the spec's editableInGrafana says.
 */
export async function prepareContent(
  content: { text: string; source: string },
  spec: Pick<GrafanaDashboardSpec, 'datasources' | 'editableInGrafana' | 'variables'>,
  datasources: DatasourceNames,
): Promise<PreparedContent> {
  const { text, source } = content;
  const parsed = parseDashboard(text, source);
  const inputs = inputsOf(parsed, source);
  const entries = spec.datasources ?? [];
  checkMappedInputs(
    inputs,
    entries.map((e) => e.inputName),
    source,
  );
  const mapped = await mappedDatasources(entries, () => datasources.uidsByName(), datasources.instance);
  const values = inputValues(inputs, mapped, source);
  const editable = spec.editableInGrafana ?? false;
  const substituted = withVariableDefaults(substituteInputs(parsed, values), spec.variables, source);
  return {
    dashboard: prepareDashboard(substituted, { editable }),
    jsonUid: jsonUidOf(parsed, source),
    editable,
  };
}

/** The version message of every save: which object wrote it. */
export function appliedMessage(namespace: string, name: string): string {
  return `Applied by grafana-provisioning-operator from ${namespace}/${name}`;
}
