/**
 * `web.Bind` (§1.4): the body must be `application/json` (parameters allowed), decode as JSON into
 * the command's fields, and satisfy `binding:"Required"` (a zero-value check). Every failure is the
 * same 400 `{"message":"bad request data"}` on classic routes.
 *
 * Decoding follows Go's encoding/json where a client could notice: unknown keys are ignored, keys
 * match field names case-insensitively (last one wins), `null` leaves a field unset, and a value
 * of the wrong JSON type is an error. An empty body decodes to all-zero fields (io.EOF is ignored).
 */
import type { IncomingHttpHeaders } from 'node:http';

import { badRequestData, type Reply } from './errors.js';
import type { JsonObject } from './types.js';

export type FieldKind = 'string' | 'boolean' | 'int' | 'object' | 'stringMap' | 'any';

export interface FieldSpec {
  kind: FieldKind;
  required?: boolean;
}

export type Schema = Readonly<Record<string, FieldSpec>>;

interface KindTypes {
  string: string;
  boolean: boolean;
  int: number;
  object: JsonObject;
  stringMap: Record<string, string>;
  any: unknown;
}

/** The decoded command: a field is undefined when absent or null. */
export type Bound<S extends Schema> = { -readonly [K in keyof S]?: KindTypes[S[K]['kind']] };

export type BindResult<S extends Schema> = { ok: true; value: Bound<S> } | { ok: false; reply: Reply };

export function bindJson<S extends Schema>(
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  schema: S,
): BindResult<S> {
  const fail: BindResult<S> = { ok: false, reply: badRequestData() };
  if (!isJsonContentType(headers['content-type'])) return fail;

  const text = rawBody.toString('utf8');
  let decoded: unknown = null;
  if (text.trim() !== '') {
    try {
      decoded = JSON.parse(text);
    } catch {
      return fail;
    }
  }
  if (decoded !== null && (typeof decoded !== 'object' || Array.isArray(decoded))) return fail;

  const fieldByFold = new Map<string, string>();
  for (const field of Object.keys(schema)) fieldByFold.set(field.toLowerCase(), field);

  const value: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries((decoded ?? {}) as JsonObject)) {
    const field = key in schema ? key : fieldByFold.get(key.toLowerCase());
    if (field === undefined) continue;
    const spec = schema[field] as FieldSpec;
    if (raw === null) {
      delete value[field];
      continue;
    }
    const converted = convert(spec.kind, raw);
    if (converted === INVALID) return fail;
    value[field] = converted;
  }

  for (const [field, spec] of Object.entries(schema)) {
    if (spec.required === true && isZero(value[field])) return fail;
  }
  return { ok: true, value: value as Bound<S> };
}

/** `mime.ParseMediaType` + `== "application/json"`: type case-insensitive, parameters well formed. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';');
  if ((type ?? '').trim().toLowerCase() !== 'application/json') return false;
  return params.every(
    (p) => p.trim() === '' || /^\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=("[^"]*"|[^\s";]+)\s*$/.test(p),
  );
}

const INVALID = Symbol('invalid');

function convert(kind: FieldKind, raw: unknown): unknown {
  switch (kind) {
    case 'string':
      return typeof raw === 'string' ? raw : INVALID;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : INVALID;
    case 'int':
      return typeof raw === 'number' && Number.isInteger(raw) ? raw : INVALID;
    case 'object':
      return typeof raw === 'object' && !Array.isArray(raw) ? raw : INVALID;
    case 'stringMap': {
      if (typeof raw !== 'object' || Array.isArray(raw)) return INVALID;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw as JsonObject)) {
        if (v === null) out[k] = '';
        else if (typeof v === 'string') out[k] = v;
        else return INVALID;
      }
      return out;
    }
    case 'any':
      return raw;
  }
}

function isZero(value: unknown): boolean {
  return value === undefined || value === '' || value === 0 || value === false;
}
