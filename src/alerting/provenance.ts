/**
 * Provenance verdicts shared by the alerting kinds (contract §8.1, §8.9). Every alerting resource
 * Grafana's provisioning API writes carries a provenance: `api` (read-only in the UI), none (`''`,
 * written with X-Disable-Provenance, editable in the UI), or one of another manager: `file`
 * (Grafana's provisioning files) or `converted_prometheus` (an imported Alertmanager
 * configuration), which the API may never change.
 */
import { ObjectError } from '../lib/object-error.js';
import { provenanceOf, type AlertingProvenance, type AlertRuleGroup } from '../grafana/index.js';
import { boundedList } from '../lib/messages.js';

/** The provenance a write records: `api` (read-only in the UI), or none with editableInGrafana. */
export function wantedProvenance(editable: boolean): AlertingProvenance {
  return editable ? '' : 'api';
}

/**
 * Provenance `file` or `converted_prometheus` belongs to another manager: never written through
 * the API, adopt or not.
 */
export function isForeignManaged(provenance: string | undefined): boolean {
  const p = provenance ?? '';
  return p !== '' && p !== 'api';
}

/** How a foreign provenance reads in a message about rules: "provisioned from files", or whose it is. */
function foreignProvenanceText(provenance: string | undefined): string {
  return provenance === 'file' ? 'provisioned from files' : `managed elsewhere (provenance "${provenance}")`;
}

/** Throws a Conflict naming the other manager when `object` belongs to one. */
export function refuseForeignManaged(what: string, object: { provenance?: string | undefined }): void {
  const provenance = provenanceOf(object);
  if (!isForeignManaged(provenance)) return;
  const source =
    provenance === 'file'
      ? "Grafana's provisioning files (provenance file)"
      : `another source (provenance ${provenance})`;
  throw new ObjectError(
    'Conflict',
    `${what} is managed by ${source} and cannot be managed through the API, even with spec.adopt; ` +
      'remove it from there, or choose another name',
  );
}

/** Why a resource that exists in Grafana is not this object's: the message of the Conflict. */
export function notOursMessage(what: string, provenance: string | undefined): string {
  const origin = provenance ? ` (provenance ${provenance})` : '';
  return `${what} already exists in Grafana${origin} and was not created by this object; set spec.adopt: true to take it over`;
}

/**
 * Whether a write must take the resource from a provenance to none: Grafana refuses that change in
 * place (§8.9), so the kinds delete (or reset) the resource and write it again.
 */
export function switchesToNone(stored: string | undefined, editable: boolean): boolean {
  return (stored ?? '') !== '' && editable;
}

/** The Conflict for an alert rule of another manager, which no object may manage or adopt. */
export function foreignRuleConflict(rule: { uid: string; title: string; provenance?: string }): ObjectError {
  return new ObjectError(
    'Conflict',
    `alert rule ${rule.uid} ("${rule.title}") is ${foreignProvenanceText(rule.provenance)} in Grafana: Grafana's provisioning API may not change it, so this object can neither manage nor adopt it; remove it from Grafana's provisioning files, or give this object another uid`,
  );
}

/** Throws a Conflict when any rule of the group belongs to another manager, naming them. */
export function refuseForeignRuleGroup(group: AlertRuleGroup): void {
  const foreign = group.rules.filter((r) => isForeignManaged(r.provenance));
  if (foreign.length === 0) return;
  const provenances = [...new Set(foreign.map((r) => r.provenance))].join('", "');
  throw new ObjectError(
    'Conflict',
    `rule group "${group.title}" in folder ${group.folderUid} is ${foreignProvenanceText(provenances)} in Grafana (rules ${boundedList(
      foreign.map((r) => `"${r.title}"`),
      { maxItems: 5 },
    )}): Grafana's provisioning API may not change such rules, so this object can neither manage nor adopt the group; remove it from Grafana's provisioning files, or give this object another group name or folder`,
  );
}
