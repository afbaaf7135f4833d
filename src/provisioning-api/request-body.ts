import { isObject } from '../lib/json.js';
import { ApiFailure } from './failure.js';
import type { ProvisioningType, TypeTable } from './type-table.js';

/** A Kubernetes object name (DNS-1123 subdomain): the custom resource is named after `name`. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface Submission {
  type: ProvisioningType;
  name: string;
  config: Record<string, unknown>;
}

/** `{type, name, config}`, or a 400 listing everything wrong with it (an unknown type lists the types). */
export function parseSubmission(body: unknown, types: TypeTable): Submission {
  if (!isObject(body))
    throw new ApiFailure(400, 'Invalid', 'the body must be a JSON object {type, name, config}', {
      errors: ['body: must be an object'],
    });
  const errors: string[] = [];
  const type = typeof body.type === 'string' ? types.get(body.type) : undefined;
  if (typeof body.type !== 'string') errors.push('type: required, one of ' + types.names().join(', '));
  else if (!type) errors.push(`type: unknown type "${body.type}"; one of ${types.names().join(', ')}`);
  const name = body.name;
  if (typeof name !== 'string') errors.push('name: required, a string');
  else if (name.length > 253 || !OBJECT_NAME.test(name))
    errors.push(
      'name: must be a Kubernetes object name (at most 253 lowercase letters, digits, ' +
        "'-' and '.', starting and ending with a letter or digit)",
    );
  if (!isObject(body.config)) errors.push('config: required, an object');
  for (const key of Object.keys(body))
    if (!['type', 'name', 'config'].includes(key)) errors.push(`${key}: unknown field`);
  if (errors.length || !type)
    throw new ApiFailure(400, 'Invalid', `invalid request: ${errors.join('; ')}`, {
      errors,
      ...(type ? {} : { types: types.names() }),
    });
  return { type, name: name as string, config: body.config as Record<string, unknown> };
}
