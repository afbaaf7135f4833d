/**
 * grafana-operator's `valuesFrom`: a field's value taken from a Secret or ConfigMap key at
 * reconcile time. Datasources substitute `${key}` in the field; contact points replace it.
 */
import { isObject } from '../../lib/json.js';
import { secretRef } from './instance.js';
import type { Conversion, SourceObject } from './context.js';
import type { SpecReader } from './spec-reader.js';

export interface ValueFrom {
  /** Where it is, for the report: spec.valuesFrom[0]. */
  at: string;
  targetPath: string;
  secret?: { name: string; key: string };
  configMap?: { name: string; key: string };
  /** The ConfigMap's value, when that ConfigMap is in the input. */
  value?: string;
}

export function readValuesFrom(
  reader: SpecReader,
  source: SourceObject,
  conversion: Conversion,
): ValueFrom[] {
  const at = reader.at('valuesFrom');
  return reader.array('valuesFrom').flatMap((entry, i) => {
    if (!isObject(entry) || typeof entry.targetPath !== 'string' || !isObject(entry.valueFrom)) return [];
    const secret = secretRef(entry.valueFrom.secretKeyRef);
    const configMap = secretRef(entry.valueFrom.configMapKeyRef);
    const value = configMap
      ? conversion.configMapValue(source.metadata.namespace, configMap.name, configMap.key)
      : undefined;
    return [
      {
        at: `${at}[${i}]`,
        targetPath: entry.targetPath,
        ...(secret ? { secret } : {}),
        ...(configMap ? { configMap } : {}),
        ...(value !== undefined ? { value } : {}),
      },
    ];
  });
}

/** "Secret s key k" / "ConfigMap c key k". */
export function describeRef(entry: ValueFrom): string {
  const ref = entry.secret ?? entry.configMap;
  return `${entry.secret ? 'Secret' : 'ConfigMap'} ${ref?.name} key ${ref?.key}`;
}

/** The value at a dotted path. */
export function getPath(root: Record<string, unknown>, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split('.')) node = isObject(node) ? node[part] : undefined;
  return node;
}

export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

export function deletePath(root: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  const parent = getPath(root, parts.slice(0, -1).join('.') || '');
  const holder = parts.length === 1 ? root : parent;
  if (isObject(holder)) delete holder[parts[parts.length - 1]!];
}
