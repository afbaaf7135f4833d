/**
 * `datasources/*.yaml` (docs/grafana-api.md §20.2) → GrafanaDatasource manifests, secure values
 * → Secret references. apiVersion 0 files (snake_case keys) are read as Grafana reads them.
 */
import { createHash } from 'node:crypto';
import { listOf, noteOrg, objectOf, stringOf, type ImportContext } from './context.js';
import { referencedStrings, describeReferences } from './interpolation.js';

/** apiVersion 0 key → apiVersion 1 key. */
const V0_KEYS: Record<string, string> = {
  org_id: 'orgId',
  org_name: 'orgName',
  basic_auth: 'basicAuth',
  basic_auth_user: 'basicAuthUser',
  basic_auth_password: 'basicAuthPassword',
  with_credentials: 'withCredentials',
  is_default: 'isDefault',
  json_data: 'jsonData',
  secure_json_data: 'secureJsonData',
};

const COPIED = [
  'name',
  'type',
  'url',
  'user',
  'database',
  'basicAuth',
  'withCredentials',
  'isDefault',
  'jsonData',
] as const;
const HANDLED = [
  ...COPIED,
  'uid',
  'access',
  'basicAuthUser',
  'secureJsonData',
  'password',
  'basicAuthPassword',
  'orgId',
  'orgName',
];

/**
 * Grafana's uid for a datasource provisioned without one (`safeUIDFromName`): `P` and the first 8
 * bytes of the name's SHA-256 in hex, upper-cased. Kept, so dashboards and alert rules that refer
 * to that uid still find it.
 */
export function provisionedDatasourceUid(name: string): string {
  return `P${createHash('sha256').update(name).digest('hex').slice(0, 16)}`.toUpperCase();
}

export function importDatasourceFile(context: ImportContext, file: string, content: unknown): void {
  const root = objectOf(content);
  const v0 = root.apiVersion === undefined || Number(root.apiVersion) === 0;
  const datasources = listOf(root.datasources);
  const deletes = listOf(v0 ? root.delete_datasources : root.deleteDatasources);
  context.report.unknownKeys(
    file,
    root,
    ['apiVersion', 'datasources', v0 ? 'delete_datasources' : 'deleteDatasources'],
    'not a datasources file key',
  );
  for (const [i, item] of datasources.entries()) {
    const source = v0 ? renameKeys(objectOf(item)) : objectOf(item);
    const where = `${file} datasource "${stringOf(source.name) ?? `#${i + 1}`}"`;
    importDatasource(context, where, source);
  }
  for (const item of deletes) {
    const entry = v0 ? renameKeys(objectOf(item)) : objectOf(item);
    const name = stringOf(entry.name) ?? '(no name)';
    context.report.note(
      `${file} deleteDatasources "${name}"`,
      'a delete cannot be expressed as an object: delete it in Grafana once (Connections → Data sources, or ' +
        `DELETE /api/datasources/name/${encodeURIComponent(name)}); an object the operator manages is removed by deleting its GrafanaDatasource`,
    );
  }
}

function renameKeys(source: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).map(([key, value]) => [V0_KEYS[key] ?? key, value]));
}

function importDatasource(context: ImportContext, where: string, source: Record<string, unknown>): void {
  const name = stringOf(source.name);
  const type = stringOf(source.type);
  if (!name || !type) {
    context.report.note(where, 'has no name or no type (Grafana refuses it): not imported');
    return;
  }
  noteOrg(context, where, source.orgId, source.orgName);
  const spec: Record<string, unknown> = { name, type };
  for (const key of COPIED)
    if (source[key] !== undefined && source[key] !== null && source[key] !== '') spec[key] = source[key];
  spec.uid = stringOf(source.uid) ?? provisionedDatasourceUid(name);
  if (source.uid === undefined)
    context.report.note(where, `no uid: given ${String(spec.uid)}, the uid Grafana derives from the name`);
  const access = stringOf(source.access);
  if (access === 'proxy' || access === 'direct') spec.access = access;
  else if (access !== undefined)
    context.report.note(where, `access "${access}": not proxy or direct, left out (proxy)`);
  const basicAuthUser = stringOf(source.basicAuthUser);
  if (basicAuthUser !== undefined) {
    if (source.basicAuth === true) spec.basicAuthUser = basicAuthUser;
    else context.report.note(where, 'basicAuthUser without basicAuth: true is not used by Grafana, left out');
  }
  if (source.isDefault === true) {
    const org = String(source.orgId ?? 1);
    const other = context.defaultDatasources.get(org);
    if (other !== undefined)
      context.report.note(
        where,
        `isDefault: "${other}" is the default too (Grafana refuses two defaults in an org)`,
      );
    context.defaultDatasources.set(org, name);
  }
  const objectName = context.names.allocate('GrafanaDatasource', name);
  const secure: Record<string, unknown> = {};
  const secureSources: Array<[string, unknown]> = [
    ...Object.entries(objectOf(source.secureJsonData)),
    // Top-level password fields of old files go where Grafana moved them.
    ...(['password', 'basicAuthPassword'] as const)
      .filter((key) => source[key] !== undefined && source[key] !== '')
      .map((key): [string, unknown] => [key, source[key]]),
  ];
  for (const [key, value] of secureSources) {
    if (value === undefined || value === null) continue;
    secure[key] = context.secrets.ref(
      objectName,
      key,
      String(value),
      `datasource "${name}" secureJsonData.${key}`,
    );
  }
  if (Object.keys(secure).length > 0) spec.secureJsonData = secure;
  for (const found of referencedStrings(spec.jsonData ?? {}, 'jsonData').concat(
    referencedStrings(
      { url: spec.url, user: spec.user, database: spec.database, basicAuthUser: spec.basicAuthUser },
      '',
    ),
  ))
    context.report.note(
      where,
      `${found.path} reads ${describeReferences(found.references)} (Grafana substitutes its environment): kept as written, replace it`,
    );
  if (source.editable !== undefined)
    context.report.note(
      where,
      'editable: no equivalent (the object is changed through Kubernetes; edits made in Grafana are reverted), left out',
    );
  if (source.version !== undefined)
    context.report.note(where, 'version: no equivalent (Grafana keeps its own), left out');
  if (source.correlations !== undefined)
    context.report.note(where, 'correlations: no equivalent, left out (define them in Grafana)');
  context.report.unknownKeys(where, source, [...HANDLED, 'editable', 'version', 'correlations']);
  context.datasourcesByUid.set(String(spec.uid), objectName);
  context.push('GrafanaDatasource', objectName, spec, where);
}
