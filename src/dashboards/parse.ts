/**
 * Dashboard content from bytes to checked dashboard JSON: gzip decoded, JSON parsed (syntax errors
 * located by line and column), and the value judged to be a dashboard.
 */
import { gunzipSync } from 'node:zlib';
import { ObjectError } from '../lib/object-error.js';
import { isObject, type JsonObject, jsonType } from '../lib/json.js';
import { describeJsonError } from '../lib/json-syntax-error.js';
import { pathDeeperThan, tooDeepMessage } from '../lib/json-depth.js';

/** Largest dashboard (downloaded or decompressed) the operator accepts: a guard against runaway input. */
export const MAX_DASHBOARD_BYTES = 32 * 1024 * 1024;

/** gzip data (by its magic bytes) is decompressed; anything else is taken as UTF-8 text. */
export function decodeContent(bytes: Buffer, source: string): string {
  if (isGzip(bytes)) {
    try {
      return gunzipSync(bytes, { maxOutputLength: MAX_DASHBOARD_BYTES }).toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ObjectError(
          'InvalidSpec',
          `${source} decompresses to more than ${MAX_DASHBOARD_BYTES / 1024 / 1024} MiB, the largest dashboard accepted`,
        );
      }
      throw new ObjectError('InvalidSpec', `${source} is not valid gzip data: ${(err as Error).message}`);
    }
  }
  return bytes.toString('utf8');
}

/** gzip's magic bytes. */
export function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses dashboard JSON and checks that it is a dashboard: nested at most MAX_JSON_DEPTH levels, a
 * JSON object with a non-empty string
 * `title` (Grafana refuses a save without one), whose `panels` and `rows` (pre-5.0 layout), when
 * present, are arrays. Anything else is InvalidSpec, with the line and column of a syntax error; a
 * value of the wrong type is named as such, not as missing.
 */
export function parseDashboard(text: string, source: string): JsonObject {
  const clean = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(clean);
  } catch (err) {
    throw new ObjectError('InvalidSpec', `${source} is not valid JSON: ${describeJsonError(clean, err)}`);
  }
  // Before anything walks it: hashing, input substitution and drift comparison recurse.
  const tooDeep = pathDeeperThan(value, '');
  if (tooDeep) throw new ObjectError('InvalidSpec', tooDeepMessage(source, tooDeep));
  if (!isObject(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new ObjectError('InvalidSpec', `${source} is ${what}, not a dashboard (a JSON object)`);
  }
  if (value.kind === 'Dashboard' && isObject(value.spec) && typeof value.apiVersion === 'string') {
    throw new ObjectError(
      'InvalidSpec',
      `${source} is a ${value.apiVersion} Dashboard resource, not dashboard JSON; use the JSON in its "spec"`,
    );
  }
  if (value.title === undefined && isObject(value.dashboard)) {
    throw new ObjectError(
      'InvalidSpec',
      `${source} looks like a Grafana API request or response; use the JSON in its "dashboard" field`,
    );
  }
  if (value.title === undefined || value.title === null) {
    throw new ObjectError('InvalidSpec', `${source} has no "title"; Grafana needs one to save a dashboard`);
  }
  if (typeof value.title !== 'string') {
    throw new ObjectError(
      'InvalidSpec',
      `${source}: the dashboard title must be a string (got ${jsonType(value.title)})`,
    );
  }
  if (value.title.trim() === '') {
    throw new ObjectError(
      'InvalidSpec',
      `${source} has an empty "title"; Grafana needs one to save a dashboard`,
    );
  }
  if (value.title.length > 5000) {
    throw new ObjectError('InvalidSpec', `${source} has a title longer than 5000 characters`);
  }
  for (const key of ['panels', 'rows']) {
    if (value[key] !== undefined && !Array.isArray(value[key])) {
      throw new ObjectError(
        'InvalidSpec',
        `${source}: "${key}" must be an array (got ${jsonType(value[key])})`,
      );
    }
  }
  return value;
}
