import { validateSpec } from '../runtime/validation.js';
import { configPath } from './apply.js';
import { ApiFailure } from './failure.js';
import type { ProvisioningType } from './type-table.js';

/**
 * Checks the spec the API would apply against the kind's generated spec schema (the CRD's, one
 * source of truth): a 400 listing every failing field path, before anything is written. The
 * CRD's CEL rules are the apiserver's to check (apply.ts maps their refusal to a 400 too).
 */
export function validateConfig(type: ProvisioningType, spec: Record<string, unknown>): void {
  const result = validateSpec(type.specSchema, spec);
  if (result.valid) return;
  const errors = result.errors.map(describe);
  throw new ApiFailure(400, 'Invalid', `invalid ${type.name} config: ${errors.join('; ')}`, { errors });
}

/** `spec.a: must have required property 'b'` → `config.a.b: required`; other paths as config's. */
function describe(error: string): string {
  const required = /^spec([^:]*): must have required property '([^']+)'$/.exec(error);
  if (required) return `config${required[1]}.${required[2]}: required`;
  return configPath(error);
}
