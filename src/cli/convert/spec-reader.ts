import { isObject } from '../../lib/json.js';
import type { ObjectReport } from './report.js';

type JsonRecord = Record<string, unknown>;

/**
 * Reads the fields of one grafana-operator object (or a part of it) and remembers which it
 * used: `finish()` reports every field left, so a field this converter does not know is never
 * dropped silently.
 */
export class SpecReader {
  private readonly used = new Set<string>();

  constructor(
    private readonly value: JsonRecord,
    readonly path: string,
    readonly report: ObjectReport,
  ) {}

  static of(value: unknown, path: string, report: ObjectReport): SpecReader {
    return new SpecReader(isObject(value) ? value : {}, path, report);
  }

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return present(this.value[key]);
  }

  /** The field's value, marked as used. */
  take(key: string): unknown {
    this.used.add(key);
    return this.value[key];
  }

  string(key: string): string | undefined {
    const value = this.take(key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  boolean(key: string): boolean | undefined {
    const value = this.take(key);
    return typeof value === 'boolean' ? value : undefined;
  }

  number(key: string): number | undefined {
    const value = this.take(key);
    return typeof value === 'number' ? value : undefined;
  }

  strings(key: string): string[] | undefined {
    const value = this.take(key);
    return Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;
  }

  array(key: string): unknown[] {
    const value = this.take(key);
    return Array.isArray(value) ? value : [];
  }

  /** A nested object's reader, or undefined when the field is absent. */
  object(key: string): SpecReader | undefined {
    const value = this.take(key);
    return isObject(value) ? new SpecReader(value, this.at(key), this.report) : undefined;
  }

  /** Reports the field as not converted, when it is set. */
  drop(key: string, why: string): void {
    if (this.has(key)) this.report.notConverted(this.at(key), why);
    this.used.add(key);
  }

  /** Reports every field not used. */
  finish(why = 'no equivalent in this operator'): void {
    for (const key of Object.keys(this.value).sort()) {
      if (!this.used.has(key) && present(this.value[key])) this.report.notConverted(this.at(key), why);
    }
  }
}

/** Go's omitempty: a zero value means "not set". */
function present(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}
