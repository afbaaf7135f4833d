/**
 * grafana-operator's GrafanaDatasource as ours. Its valuesFrom substitutes `${key}` (or `$key`)
 * in a field with a Secret's or ConfigMap's value; ours reads Secrets only into secureJsonData,
 * one key per field, so: a secureJsonData field that is just `${key}` of a Secret becomes that
 * Secret's secretKeyRef; any other secure value (inline, or composed like `Bearer ${token}`)
 * becomes a key of a Secret made here to fill; a ConfigMap value in the input is substituted; a
 * Secret's value in any other field is reported.
 */
import { isObject } from '../../lib/json.js';
import { specConverter } from './common.js';
import type { Conversion, SourceObject } from './context.js';
import type { ObjectReport } from './report.js';
import { describeRef, getPath, readValuesFrom, setPath, type ValueFrom } from './values-from.js';

const STRING_FIELDS = ['name', 'type', 'url', 'database', 'user', 'basicAuthUser'] as const;

export const convertDatasource = specConverter(
  'GrafanaDatasource',
  ({ source, spec, report, conversion }) => {
    const datasource = spec.object('datasource');
    const valuesFrom = readValuesFrom(spec, source, conversion);
    if (!datasource) {
      report.notConverted('', 'spec.datasource is missing');
      return undefined;
    }
    // The fields as grafana-operator would send them, valuesFrom applied where it can be.
    const model: Record<string, unknown> = {};
    for (const key of STRING_FIELDS) {
      const value = datasource.string(key);
      if (value !== undefined) model[key] = value;
    }
    const jsonData = datasource.take('jsonData');
    if (isObject(jsonData) && Object.keys(jsonData).length > 0) model.jsonData = structuredClone(jsonData);
    const secure = datasource.take('secureJsonData');
    const secureValues = isObject(secure) ? secure : {};
    for (const entry of valuesFrom) {
      if (!entry.targetPath.startsWith('secureJsonData.')) substitute(model, entry, report);
    }
    if (!model.type) {
      report.notConverted('', 'spec.datasource.type is missing');
      return undefined;
    }
    const out: Record<string, unknown> = {};
    const uid = spec.string('uid') ?? datasource.string('uid') ?? source.metadata.uid;
    if (uid) out.uid = uid;
    Object.assign(out, model);
    const access = datasource.string('access');
    if (access === 'proxy' || access === 'direct') out.access = access;
    else if (access) report.notConverted(datasource.at('access'), `"${access}": access is proxy or direct`);
    for (const key of ['isDefault', 'basicAuth'] as const) {
      const value = datasource.boolean(key);
      if (value !== undefined) out[key] = value;
    }
    if (out.basicAuthUser && out.basicAuth !== true) {
      report.notConverted(
        datasource.at('basicAuthUser'),
        'basicAuth is not true, so Grafana does not use it',
      );
      delete out.basicAuthUser;
    }
    const secureRefs = secureJsonData(source, secureValues, valuesFrom, report, conversion);
    if (secureRefs) out.secureJsonData = secureRefs;
    datasource.drop('orgId', 'it had no effect in grafana-operator either; the GrafanaInstance says the org');
    datasource.drop('editable', 'no equivalent: this operator reverts edits made in Grafana at each resync');
    datasource.finish();
    spec.drop('plugins', 'this operator does not install plugins; install them in Grafana');
    return out;
  },
);

/** valuesFrom into a field that is not secure: a ConfigMap value in the input is substituted. */
function substitute(model: Record<string, unknown>, entry: ValueFrom, report: ObjectReport): void {
  const current = getPath(model, entry.targetPath);
  const key = (entry.secret ?? entry.configMap)?.key ?? '';
  if (typeof current !== 'string') {
    report.notConverted(
      entry.at,
      `spec.datasource.${entry.targetPath} is not a string field of the datasource`,
    );
    return;
  }
  if (entry.value !== undefined) {
    setPath(
      model,
      entry.targetPath,
      current.split(`\${${key}}`).join(entry.value).split(`$${key}`).join(entry.value),
    );
    report.changed(entry.at, `substituted into ${entry.targetPath} from ${describeRef(entry)}`);
    return;
  }
  report.notConverted(
    entry.at,
    entry.secret
      ? `${entry.targetPath} takes \${${key}} from ${describeRef(entry)}; only secureJsonData is read from Secrets here: ` +
          `write the value into spec.${entry.targetPath}, or move it to secureJsonData if the plugin takes it there`
      : `${entry.targetPath} takes \${${key}} from ${describeRef(entry)}, which is not in the input: write the value into spec.${entry.targetPath}`,
  );
}

function secureJsonData(
  source: SourceObject,
  values: Record<string, unknown>,
  valuesFrom: ValueFrom[],
  report: ObjectReport,
  conversion: Conversion,
): Record<string, unknown> | undefined {
  const refs: Record<string, unknown> = {};
  const toFill: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) {
    const entry = valuesFrom.find((e) => e.targetPath === `secureJsonData.${field}`);
    const key = entry?.secret?.key;
    if (entry?.secret && (value === `\${${key}}` || value === `$${key}`)) {
      refs[field] = { secretKeyRef: entry.secret };
    } else if (entry) {
      toFill[field] =
        `spec.datasource.secureJsonData.${field} with \${${(entry.secret ?? entry.configMap)?.key}} replaced by ${describeRef(entry)}`;
    } else {
      toFill[field] = `the value spec.datasource.secureJsonData.${field} had inline`;
    }
  }
  for (const entry of valuesFrom) {
    const field = entry.targetPath.slice('secureJsonData.'.length);
    if (entry.targetPath.startsWith('secureJsonData.') && !(field in values))
      report.notConverted(entry.at, `spec.datasource.${entry.targetPath} is not set, so it had no effect`);
  }
  if (Object.keys(toFill).length > 0) {
    const name = conversion.secretToFill(source, 'secure-json-data', toFill);
    for (const field of Object.keys(toFill)) {
      refs[field] = { secretKeyRef: { name, key: field } };
      report.changed(
        `spec.datasource.secureJsonData.${field}`,
        `now read from Secret ${name} key ${field}, left empty to fill`,
      );
    }
  }
  return Object.keys(refs).length > 0 ? refs : undefined;
}
