/**
 * A contact point as one receiver (contract §8.4): the integrations that make it up in Grafana,
 * whether they are this object's, and where they differ from the spec. Settings are compared as
 * src/alerting/contact-point-settings.ts says; everything else whole, with name, type,
 * disableResolveMessage and provenance.
 */
import { provenanceOf, type EmbeddedContactPoint } from '../grafana/index.js';
import { boundedList } from '../lib/messages.js';
import { sentSettings, settingsDrift, type DesiredIntegration } from './contact-point-settings.js';
import { refuseForeignManaged, wantedProvenance } from './provenance.js';

export interface DesiredContactPoint {
  name: string;
  integrations: DesiredIntegration[];
  editable: boolean;
}

export interface ObservedContactPoint {
  /** The receiver's name in Grafana (the desired one, or the one written last). */
  name: string;
  /** Its integrations, and any other integration that has one of the desired uids. */
  integrations: EmbeddedContactPoint[];
  /** Created by this object: under the name it last wrote, or with uids derived from it. */
  recorded: boolean;
}

/**
 * The receiver as found among Grafana's integrations; undefined when none of it exists.
 * `recordedName`: the name this object last wrote on the instance, if it has written there.
 */
export function observeIn(
  all: readonly EmbeddedContactPoint[],
  desired: DesiredContactPoint,
  recordedName: string | undefined,
): ObservedContactPoint | undefined {
  const derived = new Set(desired.integrations.filter((i) => i.derived).map((i) => i.uid));
  const integrations = all.filter(receiverMembers(desired, recordedName));
  if (integrations.length === 0) return undefined;
  for (const integration of integrations) {
    refuseForeignManaged(`contact point "${integration.name}" (integration ${integration.uid})`, integration);
  }
  const name = integrations.some((i) => i.name === desired.name)
    ? desired.name
    : (recordedName ?? integrations[0]!.name);
  const recorded = integrations.every(
    (i) => (recordedName !== undefined && i.name === recordedName) || derived.has(i.uid),
  );
  return { name, integrations, recorded };
}

/**
 * Which of Grafana's integrations the receiver is made of, or clashes with: those under its name
 * (desired, or `recordedName`, the one it last wrote) and those with one of its uids.
 */
export function receiverMembers(
  desired: DesiredContactPoint,
  recordedName: string | undefined,
): (integration: EmbeddedContactPoint) => boolean {
  const uids = new Set(desired.integrations.map((i) => i.uid));
  const names = new Set([desired.name, recordedName].filter((n): n is string => n !== undefined));
  return (integration) => names.has(integration.name) || uids.has(integration.uid);
}

/** Why a receiver found in Grafana is not this object's: the message of the Conflict. */
export function receiverNotOurs(observed: ObservedContactPoint): string {
  const integrations = boundedList(
    observed.integrations.map((i) => `${i.uid} (${i.type})`),
    { maxItems: 5 },
  );
  const provenances = [...new Set(observed.integrations.map((i) => provenanceOf(i) || 'none'))];
  return (
    `contact point "${observed.name}" already exists in Grafana (integrations ${integrations}; provenance ` +
    `${provenances.join(', ')}) and was not created by this object; set spec.adopt: true to take it over`
  );
}

/** The fields where Grafana's receiver differs from the desired one; [] = in sync. */
export function diffContactPoint(desired: DesiredContactPoint, observed: ObservedContactPoint): string[] {
  // Edits made in Grafana stay until the spec changes (which changes the hash and writes).
  if (desired.editable) return [];
  const byUid = new Map(observed.integrations.map((i) => [i.uid, i]));
  const drift: string[] = [];
  desired.integrations.forEach((integration, i) => {
    const current = byUid.get(integration.uid);
    if (!current) drift.push(`receivers[${i}] (missing)`);
    else drift.push(...integrationDrift(desired, integration, current).map((f) => `receivers[${i}].${f}`));
  });
  const uids = new Set(desired.integrations.map((i) => i.uid));
  for (const extra of observed.integrations.filter((i) => !uids.has(i.uid))) {
    drift.push(`integration ${extra.uid} (${extra.type}, not in spec.receivers)`);
  }
  return drift;
}

/** The fields of one integration where Grafana's differs from the desired one; [] = the same. */
export function integrationDrift(
  desired: DesiredContactPoint,
  integration: DesiredIntegration,
  current: EmbeddedContactPoint,
): string[] {
  const drift: string[] = [];
  if (current.name !== desired.name) drift.push('name');
  if (current.type.toLowerCase() !== integration.type.toLowerCase()) drift.push('type');
  if ((current.disableResolveMessage ?? false) !== integration.disableResolveMessage)
    drift.push('disableResolveMessage');
  drift.push(...settingsDrift(sentSettings(integration), current.settings ?? {}).map((k) => `settings.${k}`));
  if (provenanceOf(current) !== wantedProvenance(desired.editable)) drift.push('provenance');
  return drift;
}
