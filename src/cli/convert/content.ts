/**
 * The content fields grafana-operator's dashboards and library panels share (GrafanaContentSpec):
 * where the JSON comes from, its uid, its datasource inputs.
 */
import { gunzipSync } from 'node:zlib';
import { parseDuration } from '../../lib/duration.js';
import { isObject } from '../../lib/json.js';
import { secretRef } from './instance.js';
import type { SpecInput } from './common.js';

/** What reading content needs. */
type ContentInput = Pick<SpecInput, 'source' | 'spec' | 'conversion'>;

export type ContentSource =
  | { json: string }
  | { gzipJson: string }
  | { url: string; urlAuthorization?: { secretKeyRef: { name: string; key: string } } }
  | { configMapRef: { name: string; key: string } }
  | { grafanaCom: { id: number; revision?: number } };

export interface Content {
  source: ContentSource;
  /** The content as an object, when it is in the manifest (json, gzipJson). */
  model?: Record<string, unknown>;
  uid?: string;
  urlCacheDuration?: string;
  datasources?: Array<{ inputName: string; datasourceName: string }>;
}

/** The content, or undefined (reported) when its only source has no equivalent. */
export function readContent(input: ContentInput): Content | undefined {
  const { spec } = input;
  const report = spec.report;
  for (const key of ['jsonnet', 'jsonnetLib'])
    spec.drop(
      key,
      'jsonnet is not evaluated by this operator; render it to JSON (jsonnet -J vendor …) and use spec.json',
    );
  spec.drop('oci', 'OCI artifacts are not a content source here; use spec.url, a ConfigMap or spec.json');
  spec.drop('envs', 'environment variables are only used by jsonnet');
  spec.drop('envFrom', 'environment variables are only used by jsonnet');
  const content = contentSource(input);
  const uid = spec.string('uid');
  const cache = spec.string('contentCacheDuration');
  const datasources = spec
    .array('datasources')
    .filter(isObject)
    .map((d) => ({ inputName: String(d.inputName), datasourceName: String(d.datasourceName) }));
  if (!content) {
    report.notConverted(
      '',
      'no content source this operator has (json, gzipJson, url, configMapRef or grafanaCom)',
    );
    return undefined;
  }
  const out: Content = { ...content, ...(uid ? { uid } : {}) };
  if (datasources.length > 0) out.datasources = datasources;
  if (cache !== undefined) {
    const fetched = 'url' in content.source || 'grafanaCom' in content.source;
    if (fetched && parseDuration(cache) !== undefined) out.urlCacheDuration = cache;
    else if (fetched)
      report.notConverted(spec.at('contentCacheDuration'), `"${cache}" is not a duration such as 30m or 1h`);
  }
  return out;
}

function contentSource({
  source,
  spec,
  conversion,
}: ContentInput): Pick<Content, 'source' | 'model'> | undefined {
  const report = spec.report;
  const json = spec.string('json');
  if (json !== undefined) return { source: { json }, model: parsed(json) };
  const gzip = spec.string('gzipJson');
  if (gzip !== undefined) {
    let model: Record<string, unknown> | undefined;
    try {
      model = parsed(gunzipSync(Buffer.from(gzip, 'base64')).toString('utf8'));
    } catch {
      report.notConverted(spec.at('gzipJson'), 'not base64 of gzipped JSON');
      return undefined;
    }
    return { source: { gzipJson: gzip }, model };
  }
  const url = spec.string('url');
  if (url !== undefined) {
    const auth = spec.object('urlAuthorization');
    const basic = auth?.object('basicAuth');
    auth?.finish();
    if (!basic) return { source: { url } };
    const user = secretRef(basic.take('username'));
    const password = secretRef(basic.take('password'));
    basic.finish();
    const describe = (ref: { name: string; key: string } | undefined) =>
      ref ? `Secret ${ref.name} key ${ref.key}` : 'none';
    const name = conversion.secretToFill(source, 'url-authorization', {
      authorization: `"Basic " + base64("<user>:<password>"), user from ${describe(user)}, password from ${describe(password)}`,
    });
    report.changed(
      basic.path,
      `now the Authorization header from Secret ${name} key authorization, left empty to fill`,
    );
    return { source: { url, urlAuthorization: { secretKeyRef: { name, key: 'authorization' } } } };
  }
  const configMap = spec.object('configMapRef');
  if (configMap) {
    const name = configMap.string('name');
    const key = configMap.string('key');
    configMap.drop('optional', 'a missing ConfigMap is reported as not Ready');
    configMap.finish();
    if (name && key) return { source: { configMapRef: { name, key } } };
  }
  const grafanaCom = spec.object('grafanaCom');
  if (grafanaCom) {
    const id = grafanaCom.number('id');
    const revision = grafanaCom.number('revision');
    grafanaCom.finish();
    if (id) return { source: { grafanaCom: { id, ...(revision ? { revision } : {}) } } };
  }
  return undefined;
}

function parsed(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
