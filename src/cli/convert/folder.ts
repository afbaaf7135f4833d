/** grafana-operator's GrafanaFolder as ours. */
import { isObject } from '../../lib/json.js';
import { specConverter } from './common.js';
import type { ObjectReport } from './report.js';

export const convertFolder = specConverter('GrafanaFolder', ({ source, spec, report }) => {
  // grafana-operator titles a folder without a title by its name; ours requires a title.
  const out: Record<string, unknown> = { title: spec.string('title') ?? source.metadata.name };
  // grafana-operator's uid: spec.uid, else metadata.uid.
  const uid = spec.string('uid') ?? source.metadata.uid;
  if (uid) out.uid = uid;
  const parentRef = spec.string('parentFolderRef');
  const parentUID = spec.string('parentFolderUID');
  if (parentRef) out.parentFolderRef = parentRef;
  else if (parentUID) out.parentFolderUID = parentUID;
  const permissions = spec.string('permissions');
  if (permissions !== undefined) {
    const converted = folderPermissions(permissions, report);
    if (converted) out.permissions = converted;
  }
  return out;
});

const PERMISSION: Record<number, string> = { 1: 'View', 2: 'Edit', 4: 'Admin' };
const GRANTEES = ['role', 'teamId', 'userId'] as const;

/**
 * Grafana's folder permission JSON (`{"items": [{"role": "Viewer", "permission": 1}, …]}`, as
 * grafana-operator takes it) as our permissions list; entries it cannot express are reported.
 */
export function folderPermissions(
  json: string,
  report: ObjectReport,
): Array<Record<string, unknown>> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    report.notConverted('spec.permissions', 'not JSON');
    return undefined;
  }
  const items = isObject(parsed) && Array.isArray(parsed.items) ? parsed.items : undefined;
  if (!items) {
    report.notConverted('spec.permissions', 'not {"items": [...]}, Grafana\'s folder permission JSON');
    return undefined;
  }
  const out: Array<Record<string, unknown>> = [];
  items.forEach((item, i) => {
    const at = `spec.permissions.items[${i}]`;
    const permission =
      isObject(item) && typeof item.permission === 'number' ? PERMISSION[item.permission] : undefined;
    const grantee = isObject(item)
      ? GRANTEES.find((key) => item[key] !== undefined && item[key] !== 0 && item[key] !== '')
      : undefined;
    if (!isObject(item) || !permission || !grantee) {
      report.notConverted(
        at,
        'needs a role, teamId or userId and a permission 1 (View), 2 (Edit) or 4 (Admin)',
      );
      return;
    }
    out.push({ [grantee]: item[grantee], permission });
  });
  return out;
}
