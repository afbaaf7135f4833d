import type { ProvisioningType, TypeTable } from './type-table.js';

/**
 * An object's id in the API: `<type>.<name>`, e.g. `datasource.prometheus`. Stable (the name is the
 * identity) and readable; a type never holds a dot, so the first dot splits it from the name.
 */
export function objectId(type: string, name: string): string {
  return `${type}.${name}`;
}

export function parseObjectId(
  id: string,
  types: TypeTable,
): { type: ProvisioningType; name: string } | undefined {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) return undefined;
  const type = types.get(id.slice(0, dot));
  return type ? { type, name: id.slice(dot + 1) } : undefined;
}
