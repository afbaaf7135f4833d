/**
 * Dashboard content: from bytes to the JSON the operator sends, and the comparison with what
 * Grafana holds. Pure functions (plus a download helper and its cache), so they are tested on real
 * exported dashboards without a cluster.
 */
import { gunzipSync } from 'node:zlib';
import { isDeepStrictEqual } from 'node:util';
import { parseDuration } from '../runtime/duration.js';
import { pathDeeperThan, tooDeepMessage } from '../runtime/json-depth.js';
import { ObjectError } from './shared/grafana-object.js';
import { jsonType } from './shared/json-type.js';
import type { ContentUid } from './shared/uid.js';

export type JsonObject = Record<string, unknown>;

/** Largest dashboard (downloaded or decompressed) the operator accepts: a guard against runaway input. */
export const MAX_DASHBOARD_BYTES = 32 * 1024 * 1024;

/** Keys of an exported dashboard that describe the export, not the dashboard; never sent. */
const EXPORT_KEYS = ['__inputs', '__requires', '__elements'] as const;
/** Keys Grafana assigns itself (§6.1, §12); never sent, never compared. */
const SERVER_KEYS = ['id', 'version', 'uid'] as const;

// -------------------------------------------------------------------------------------------------
// Bytes → text → JSON

/** gzip data (by its magic bytes) is decompressed; anything else is taken as UTF-8 text. */
export function decodeContent(bytes: Buffer, source: string): string {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
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
      `${source} is a ${value.apiVersion} Dashboard resource, not dashboard JSON; use the JSON in its "spec" (v2 dashboards are not supported)`,
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

/** "unexpected '}', expected a value at line 3, column 7 (position 42)". */
export function describeJsonError(text: string, error: unknown): string {
  const located = locateJsonError(text);
  if (!located) return error instanceof Error ? error.message : String(error);
  const before = text.slice(0, located.offset);
  const line = before.split('\n').length;
  const column = located.offset - before.lastIndexOf('\n');
  return `${located.problem} at line ${line}, column ${column} (position ${located.offset})`;
}

/**
 * The offset and nature of the first syntax error in `text` (RFC 8259), or undefined when it is
 * valid. V8's own messages do not always give a position, and never a line.
 */
export function locateJsonError(text: string): { offset: number; problem: string } | undefined {
  let i = 0;
  const n = text.length;
  class Failure {
    constructor(
      readonly offset: number,
      readonly problem: string,
    ) {}
  }
  const fail = (problem: string, at = i): never => {
    throw new Failure(at, problem);
  };
  const found = () => (i >= n ? 'end of input' : JSON.stringify(text[i]));
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail(`unexpected ${found()}, expected a value`);
  };
  const object = (): void => {
    i++;
    space();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] !== '"') fail(`unexpected ${found()}, expected a property name in double quotes`);
      string();
      space();
      if (text[i] !== ':') fail(`unexpected ${found()}, expected ':' after a property name`);
      i++;
      value();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`unexpected ${found()}, expected ',' or '}' after a property value`);
    }
  };
  const array = (): void => {
    i++;
    space();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`unexpected ${found()}, expected ',' or ']' after an array element`);
    }
  };
  const string = (): void => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const escape = text[i + 1];
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else fail(`invalid escape sequence in a string`);
        continue;
      }
      if (c < 0x20) fail('unescaped control character (such as a line break) in a string');
      i++;
    }
    fail('unterminated string', start);
  };
  const number = (): void => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 512));
    if (!match || match[0] === '' || match[0] === '-') fail('invalid number');
    i += match![0].length;
  };
  try {
    value();
    space();
    if (i < n) fail(`unexpected ${found()} after the end of the JSON value`);
    return undefined;
  } catch (err) {
    if (err instanceof Failure) return { offset: err.offset, problem: err.problem };
    return undefined; // e.g. nesting too deep for this checker: V8's message will have to do
  }
}

// -------------------------------------------------------------------------------------------------
// Inputs (`__inputs` of a dashboard exported for sharing)

/** One `__inputs` entry: `{"name":"DS_PROMETHEUS","type":"datasource","pluginId":"prometheus",…}`. */
export interface DashboardInput {
  name: string;
  /** `datasource`, `constant`, … */
  type: string;
  pluginId?: string;
  /** Constants carry their value. */
  value?: string;
}

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

// -------------------------------------------------------------------------------------------------
// What is sent

/**
 * The uid the dashboard JSON carries, trimmed as Grafana trims it before saving; undefined when it
 * carries none (absent, null or blank: Grafana generates a uid for an empty one; §6.9). Its type and
 * form are judged where it is used (chooseUid).
 */
export function jsonUidOf(dashboard: JsonObject, source: string): ContentUid | undefined {
  const raw = dashboard.uid;
  const value = typeof raw === 'string' ? raw.trim() : raw;
  if (value === undefined || value === null || value === '') return undefined;
  return { value, source };
}

/**
 * The JSON to save: the export keys and Grafana's own `id`/`version` dropped, and the JSON's `uid`
 * (the object's uid is put in when it is written), the title trimmed as Grafana stores it, and
 * `editable` as the spec says.
 */
export function prepareDashboard(dashboard: JsonObject, options: { editable: boolean }): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(dashboard)) {
    if ((EXPORT_KEYS as readonly string[]).includes(key) || (SERVER_KEYS as readonly string[]).includes(key))
      continue;
    out[key] = value;
  }
  out.title = String(dashboard.title).trim();
  out.editable = options.editable;
  return out;
}

// -------------------------------------------------------------------------------------------------
// Drift

/**
 * Where Grafana's stored JSON differs from the desired JSON, as paths (`panels[3].targets[0].expr`),
 * at most `limit` of them plus a count of the rest. It is only asked once someone else saved the
 * dashboard (its version moved), so any difference is drift, fields added in Grafana included.
 * The rules: `id`, `uid` and `version` are Grafana's and ignored; a null on either side equals an
 * absent key; arrays must have the same length and match element by element; a `refresh` shorter
 * than the stored one is how Grafana 11/12 store a refresh below `min_refresh_interval` (§6.6).
 */
export function dashboardDrift(desired: JsonObject, stored: JsonObject, limit = 5): string[] {
  const paths: string[] = [];
  let more = 0;
  const report = (path: string) => {
    if (paths.length < limit) paths.push(path);
    else more++;
  };
  const compare = (want: unknown, have: unknown, path: string): void => {
    if (isObject(want)) {
      if (!isObject(have)) return report(path);
      const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
      for (const key of keys) {
        const child = path === '' ? key : `${path}.${key}`;
        const wanted = want[key];
        const stored = have[key];
        if (wanted === undefined || wanted === null) {
          if (stored !== undefined && stored !== null) report(child);
          continue;
        }
        if (stored === undefined) {
          report(child);
          continue;
        }
        compare(wanted, stored, child);
      }
      return;
    }
    if (Array.isArray(want)) {
      if (!Array.isArray(have) || have.length !== want.length) return report(path);
      want.forEach((item, index) => compare(item, have[index], `${path}[${index}]`));
      return;
    }
    if (!isDeepStrictEqual(want, have)) report(path);
  };
  const strip = (json: JsonObject) =>
    Object.fromEntries(
      Object.entries(json).filter(([key]) => !(SERVER_KEYS as readonly string[]).includes(key)),
    );
  const wanted = strip(desired);
  const have = strip(stored);
  if (raisedToMinimum(wanted.refresh, have.refresh)) wanted.refresh = have.refresh;
  compare(wanted, have, '');
  return more > 0 ? [...paths, `${more} more`] : paths;
}

/** A stored `refresh` longer than the desired one: Grafana raised it to its minimum (§6.6). */
function raisedToMinimum(wanted: unknown, stored: unknown): boolean {
  if (typeof wanted !== 'string' || typeof stored !== 'string') return false;
  const wantedMs = parseDuration(wanted);
  const storedMs = parseDuration(stored);
  return wantedMs !== undefined && storedMs !== undefined && wantedMs < storedMs;
}

// -------------------------------------------------------------------------------------------------
// Downloads

const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * GETs a dashboard from a URL (`Authorization` when given). Failures are DependencyNotReady,
 * retried with backoff; messages show the URL without its query string, which may hold a token.
 */
export async function download(url: string, authorization: string | undefined): Promise<Buffer> {
  const shown = displayUrl(url);
  const failed = (detail: string) =>
    new ObjectError('DependencyNotReady', `cannot download the dashboard from ${shown}: ${detail}`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        accept: 'application/json',
        'user-agent': 'grafana-provisioning-operator',
        ...(authorization ? { authorization } : {}),
      },
      redirect: 'follow',
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw failed(cause?.code ?? cause?.message ?? (err as Error).message);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw failed(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).length;
      // Leaving the loop by throwing cancels the stream.
      if (size > MAX_DASHBOARD_BYTES) {
        throw new ObjectError(
          'InvalidSpec',
          `the dashboard at ${shown} is larger than ${MAX_DASHBOARD_BYTES / 1024 / 1024} MiB`,
        );
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
  } catch (err) {
    if (err instanceof ObjectError) throw err;
    throw failed((err as Error).message);
  }
  return Buffer.concat(chunks);
}

/** The URL without credentials, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

/**
 * Downloads kept per object: one entry per owner (the object's key), reused while the URL and
 * credentials are the same and the entry is younger than its TTL. Expired entries are dropped
 * whenever something is downloaded, so deleted objects do not keep theirs for long.
 */
export class DownloadCache {
  private readonly entries = new Map<string, { source: string; body: Buffer; expiresAt: number }>();

  async get(owner: string, source: string, ttlMs: number, load: () => Promise<Buffer>): Promise<Buffer> {
    const now = Date.now();
    const entry = this.entries.get(owner);
    if (entry && entry.source === source && entry.expiresAt > now) return entry.body;
    const body = await load();
    for (const [key, old] of this.entries) if (old.expiresAt <= now) this.entries.delete(key);
    if (ttlMs > 0) this.entries.set(owner, { source, body, expiresAt: now + ttlMs });
    else this.entries.delete(owner);
    return body;
  }

  get size(): number {
    return this.entries.size;
  }
}

// -------------------------------------------------------------------------------------------------

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
