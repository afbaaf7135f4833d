/**
 * Where a GrafanaDashboard's JSON comes from: exactly one of spec.json, gzipJson, configMapRef, url
 * and grafanaCom. Downloads are cached per object for spec.urlCacheDuration.
 */
import { createHash } from 'node:crypto';
import type { GrafanaDashboardSpec } from '../api/generated/index.js';
import { ObjectError } from '../lib/object-error.js';
import { parseDuration } from '../lib/duration.js';
import type { ConfigMapReader, SecretReader } from '../runtime/secrets.js';
import type { DownloadCache } from './download-cache.js';
import { displayUrl, download } from './download.js';
import { decodeContent, isGzip } from './parse.js';

const DEFAULT_DOWNLOAD_CACHE_MS = 60 * 60_000;

/** What reading the content needs from the object's reconcile. */
export interface ContentReads {
  /** The object's key: downloads are cached per object. */
  key: string;
  secrets: Pick<SecretReader, 'value'>;
  configMaps: Pick<ConfigMapReader, 'bytes'>;
}

/** The dashboard's text, and the `source` that messages about it name ("spec.json", "ConfigMap …"). */
export async function dashboardContent(
  spec: GrafanaDashboardSpec,
  reads: ContentReads,
  downloads: DownloadCache,
): Promise<{ text: string; source: string }> {
  if (spec.json !== undefined) return { text: spec.json, source: 'spec.json' };
  if (spec.gzipJson !== undefined) {
    const bytes = Buffer.from(spec.gzipJson, 'base64');
    if (!isGzip(bytes)) {
      throw new ObjectError(
        'InvalidSpec',
        'spec.gzipJson is not gzipped data; it must be base64 of gzipped JSON (gzip -c dashboard.json | base64 -w0)',
      );
    }
    return { text: decodeContent(bytes, 'spec.gzipJson'), source: 'spec.gzipJson' };
  }
  if (spec.configMapRef) {
    const source = `ConfigMap ${spec.configMapRef.name} (key ${spec.configMapRef.key})`;
    return { text: decodeContent(await reads.configMaps.bytes(spec.configMapRef), source), source };
  }
  const ttl = parseDuration(spec.urlCacheDuration) ?? DEFAULT_DOWNLOAD_CACHE_MS;
  if (spec.url) {
    const url = spec.url;
    const authorization = spec.urlAuthorization
      ? (await reads.secrets.value(spec.urlAuthorization.secretKeyRef)).trim()
      : undefined;
    // The cache key carries a digest of the credentials, never the credentials.
    const key = `${url}|${authorization ? createHash('sha256').update(authorization).digest('hex') : ''}`;
    const bytes = await downloads.get(reads.key, key, ttl, () => download(url, authorization));
    const source = `the dashboard at ${displayUrl(url)}`;
    return { text: decodeContent(bytes, source), source };
  }
  if (spec.grafanaCom) {
    const { id, revision } = spec.grafanaCom;
    const url = grafanaComDownloadUrl(id, revision);
    const bytes = await downloads.get(reads.key, url, ttl, () => download(url, undefined));
    const source = `grafana.com dashboard ${id} (revision ${revision ?? 'latest'})`;
    return { text: decodeContent(bytes, source), source };
  }
  throw new ObjectError(
    'InvalidSpec',
    'the dashboard has no content: set one of json, gzipJson, configMapRef, url and grafanaCom',
  );
}

/** grafana.com's download URL; `GRAFANA_COM_URL` replaces https://grafana.com (mirrors, tests). */
export function grafanaComDownloadUrl(id: number, revision: number | undefined): string {
  const base = (process.env.GRAFANA_COM_URL || 'https://grafana.com').replace(/\/+$/, '');
  return `${base}/api/dashboards/${id}/revisions/${revision ?? 'latest'}/download`;
}
