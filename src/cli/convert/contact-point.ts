/**
 * grafana-operator's GrafanaContactPoint as ours. Its valuesFrom replaces a setting with a Secret's
 * or ConfigMap's value: a Secret's becomes a secureSettings secretKeyRef (merged into the settings
 * when written, as grafana-operator did), a ConfigMap's in the input is written into the settings.
 * Settings Grafana stores encrypted that were written inline become keys of a Secret to fill.
 */
import { isObject } from '../../lib/json.js';
import { secureSettingKeys } from '../../grafana/index.js';
import { specConverter } from './common.js';
import { SpecReader } from './spec-reader.js';
import { deletePath, describeRef, getPath, readValuesFrom, setPath } from './values-from.js';

export const convertContactPoint = specConverter(
  'GrafanaContactPoint',
  ({ source, spec, report, conversion }) => {
    const readers = spec
      .array('receivers')
      .map((r, i) => SpecReader.of(r, spec.at(`receivers[${i}]`), report));
    // The receiver of the deprecated top-level fields comes last, as grafana-operator appends it.
    if (spec.has('type') && spec.has('settings')) readers.push(spec);
    const toFill: Record<string, string> = {};
    const pending: Array<{ secure: Record<string, unknown>; path: string; key: string; at: string }> = [];
    const receivers = readers.map((reader, i) => {
      const type = reader.string('type') ?? '';
      const settingsValue = reader.take('settings');
      const settings = isObject(settingsValue) ? structuredClone(settingsValue) : {};
      const secure: Record<string, unknown> = {};
      for (const entry of readValuesFrom(reader, source, conversion)) {
        if (entry.secret) {
          deletePath(settings, entry.targetPath);
          secure[entry.targetPath] = { secretKeyRef: entry.secret };
        } else if (entry.value !== undefined) {
          setPath(settings, entry.targetPath, entry.value);
          report.changed(entry.at, `written into settings.${entry.targetPath} from ${describeRef(entry)}`);
        } else
          report.notConverted(
            entry.at,
            `${describeRef(entry)} is not in the input: write the value into settings.${entry.targetPath}`,
          );
      }
      for (const key of secureSettingKeys(type) ?? []) {
        if (getPath(settings, key) === undefined) continue;
        deletePath(settings, key);
        const secretKey = `receiver-${i}-${key}`;
        toFill[secretKey] = `settings.${key} of receiver ${i} (${type}), which it had inline`;
        pending.push({ secure, path: key, key: secretKey, at: `${reader.at('settings')}.${key}` });
      }
      const uid = reader.string('uid') ?? (source.metadata.uid ? `${source.metadata.uid}_${i}` : undefined);
      const out: Record<string, unknown> = {
        ...(uid ? { uid } : {}),
        type,
        settings,
        secureSettings: secure,
      };
      if (reader.boolean('disableResolveMessage')) out.disableResolveMessage = true;
      if (reader !== spec) reader.finish();
      return out;
    });
    if (pending.length > 0) {
      const name = conversion.secretToFill(source, 'secure-settings', toFill);
      for (const { secure, path, key, at } of pending) {
        secure[path] = { secretKeyRef: { name, key } };
        report.changed(at, `a secret setting, now read from Secret ${name} key ${key}, left empty to fill`);
      }
    }
    for (const receiver of receivers)
      if (Object.keys(receiver.secureSettings as object).length === 0) delete receiver.secureSettings;
    if (receivers.length === 0) {
      report.notConverted('', 'no receivers');
      return undefined;
    }
    const out: Record<string, unknown> = { receivers };
    const name = spec.string('name');
    if (name) out.name = name;
    if (spec.boolean('editable')) out.editableInGrafana = true;
    return out;
  },
);
