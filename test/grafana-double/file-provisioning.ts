/**
 * Grafana's alerting file provisioning (docs/grafana-api.md §8.12): the YAML/JSON files under
 * `<paths.provisioning>/alerting`, read by `POST /api/admin/provisioning/alerting/reload`. Objects
 * get provenance `file`; an existing one (rule by uid, contact point by receiver uid, template and
 * mute timing by name, the org's tree) is replaced, as Grafana's provisioners update in place.
 *
 * Modelled: `groups`, `contactPoints`, `muteTimes`, `templates`, `policies`, in Grafana's order
 * (rules, contact points, mute timings, templates, policies: `provisioner.go` `Provision`); a group's
 * folder is found by title in the org or made with a new uid (`getOrCreateFolderByTitle`).
 * Not modelled, refused with an error (a 500, as a failed provisioning is): the delete/reset lists,
 * nested folder paths, `$ENV` interpolation. The double does not read the files at start-up: an org
 * they name must exist first, so tests make it and then reload.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { alertingOf } from './alerting-state.js';
import { isObject, parsePromDuration } from './alerting-model.js';
import type { GrafanaState, OrgState } from './state.js';
import type { JsonObject } from './types.js';

const UNMODELLED = [
  'deleteRules',
  'deleteContactPoints',
  'resetPolicies',
  'deleteMuteTimes',
  'deleteTemplates',
];

/** Reads every file in `dir` and applies it; an error message for the first problem, else undefined. */
export function provisionAlertingFiles(state: GrafanaState, dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => /\.(ya?ml|json)$/.test(name))
      .sort();
  } catch {
    return undefined; // No alerting folder: nothing to provision, as in Grafana.
  }
  const files = names.map((name) => ({
    name,
    content: parse(readFileSync(join(dir, name), 'utf8')) as unknown,
  }));
  try {
    for (const step of [
      provisionGroups,
      provisionContactPoints,
      provisionMuteTimes,
      provisionTemplates,
      provisionPolicies,
    ]) {
      for (const file of files) {
        if (!isObject(file.content)) throw new Error(`${file.name}: not a provisioning file`);
        const unmodelled = UNMODELLED.find(
          (key) => file.content !== null && key in (file.content as JsonObject),
        );
        if (unmodelled !== undefined)
          throw new Error(`${file.name}: ${unmodelled} is not modelled by the double`);
        step(state, file.content);
      }
    }
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

function items(file: JsonObject, key: string): JsonObject[] {
  const list = file[key];
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** `orgId` below 1 (or absent) means org 1, as every V1 mapping does. */
function orgOf(state: GrafanaState, item: JsonObject): OrgState {
  const id = typeof item.orgId === 'number' && item.orgId >= 1 ? item.orgId : 1;
  const org = state.findOrg(id);
  if (org === undefined) throw new Error(`org ${id} does not exist`);
  return org;
}

function provisionGroups(state: GrafanaState, file: JsonObject): void {
  for (const group of items(file, 'groups')) {
    const org = orgOf(state, group);
    const title = String(group.folder ?? '');
    if (title === '' || title.includes('/'))
      throw new Error(`folder "${title}": only one plain title is modelled`);
    const folder =
      [...org.folders.values()].find((f) => f.title === title && f.parentUid === '') ??
      org.insertFolder({ title, createdBy: 'provisioning' });
    const intervalMs = parsePromDuration(String(group.interval ?? '1m'));
    if (intervalMs === undefined) throw new Error(`group ${String(group.name)}: invalid interval`);
    const store = alertingOf(org);
    for (const rule of items(group, 'rules')) {
      // An existing rule is updated in place (`UpdateAlertRule`): it keeps its id.
      const existing = store.rule(String(rule.uid ?? ''));
      if (existing !== undefined) store.deleteRules([existing.uid]);
      const record = store.seedAlertRule(
        { ...rule, folderUID: folder.uid, ruleGroup: String(group.name ?? '') },
        { provenance: 'file', intervalSeconds: intervalMs / 1000 },
      );
      if (existing !== undefined) record.id = existing.id;
    }
  }
}

function provisionContactPoints(state: GrafanaState, file: JsonObject): void {
  for (const contactPoint of items(file, 'contactPoints')) {
    const store = alertingOf(orgOf(state, contactPoint));
    for (const receiver of items(contactPoint, 'receivers')) {
      const uid = String(receiver.uid ?? '');
      const at = store.integrations.findIndex((i) => i.uid === uid);
      if (at >= 0) store.integrations.splice(at, 1);
      store.seedContactPoint(
        {
          uid,
          name: String(contactPoint.name ?? ''),
          type: String(receiver.type ?? ''),
          settings: isObject(receiver.settings) ? receiver.settings : {},
          disableResolveMessage: receiver.disableResolveMessage === true,
        },
        { provenance: 'file' },
      );
    }
  }
}

function provisionMuteTimes(state: GrafanaState, file: JsonObject): void {
  for (const muteTime of items(file, 'muteTimes')) {
    const store = alertingOf(orgOf(state, muteTime));
    const name = String(muteTime.name ?? '');
    const at = store.muteTimings.findIndex((m) => m.name === name);
    if (at >= 0) store.muteTimings.splice(at, 1);
    const intervals = Array.isArray(muteTime.time_intervals) ? muteTime.time_intervals : [];
    store.seedMuteTiming({ name, time_intervals: intervals }, { provenance: 'file' });
  }
}

function provisionTemplates(state: GrafanaState, file: JsonObject): void {
  for (const template of items(file, 'templates')) {
    const store = alertingOf(orgOf(state, template));
    const name = String(template.name ?? '');
    store.templates.delete(name);
    store.seedTemplate(name, String(template.template ?? ''), { provenance: 'file' });
  }
}

/** The whole item is the route (`NotificiationPolicyV1` unmarshals it inline, `orgId` beside it). */
function provisionPolicies(state: GrafanaState, file: JsonObject): void {
  for (const policy of items(file, 'policies')) {
    const { orgId: _orgId, ...route } = policy;
    alertingOf(orgOf(state, policy)).seedPolicyTree(route, { provenance: 'file' });
  }
}
