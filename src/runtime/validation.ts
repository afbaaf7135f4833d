import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { pathDeeperThan, tooDeepMessage } from '../lib/json-depth.js';

/**
 * Validators compiled from the generated spec schemas. The apiserver already enforces the CRD
 * schema; this catches objects stored under an older CRD revision (CRDs are not always upgraded
 * with the operator) before they reach Grafana, and gives the same messages either way.
 */
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (a: Ajv) => Ajv;
addFormats(ajv);

const cache = new WeakMap<object, ValidateFunction>();

export interface ValidationResult {
  valid: boolean;
  /** e.g. "spec.auth.token.secretKeyRef: must have required property 'key'" */
  errors: string[];
}

export function validateSpec(schema: object, spec: unknown): ValidationResult {
  // First, so that nothing recursive (validation included) ever walks a spec nested this deep.
  const tooDeep = pathDeeperThan(spec, 'spec');
  if (tooDeep) return { valid: false, errors: [tooDeepMessage('spec', tooDeep)] };
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  const valid = validate(spec) as boolean;
  return { valid, errors: valid ? [] : (validate.errors ?? []).map(describe) };
}

function describe(error: ErrorObject): string {
  const where = `spec${error.instancePath.replace(/\//g, '.')}`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}
