/** Exported dashboards and helpers shared by the dashboard unit tests. */
import { readFileSync } from 'node:fs';
import { ObjectError } from '../../../src/lib/object-error.js';
import { inputsOf, inputValues, substituteInputs } from '../../../src/dashboards/inputs.js';
import { parseDashboard } from '../../../src/dashboards/parse.js';
import { prepareDashboard } from '../../../src/dashboards/prepare.js';
import type { JsonObject } from '../../../src/lib/json.js';

export const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/dashboards/${name}`, import.meta.url), 'utf8');
export const nodeExporter = () => fixture('node-exporter.json');
export const serviceLogs = () => fixture('service-logs.json');
export const apiserver = () => fixture('kubernetes-apiserver.json');

/** The ObjectError a call throws, for asserting on reason and message. */
export function objectError(run: () => unknown): ObjectError {
  try {
    run();
  } catch (err) {
    if (err instanceof ObjectError) return err;
    throw err;
  }
  throw new Error('expected an ObjectError');
}

/** What desired() builds from a fixture, with every datasource input mapped to a uid. */
export function prepared(text: string, mapped: Record<string, string>, editable = false): JsonObject {
  const parsed = parseDashboard(text, 'spec.json');
  const values = inputValues(inputsOf(parsed, 'spec.json'), new Map(Object.entries(mapped)), 'spec.json');
  return prepareDashboard(substituteInputs(parsed, values), { editable });
}
