/**
 * A GrafanaAlertRuleGroup's group in Grafana (contract §8.3): what the spec asks for beyond its
 * rules (the interval, a uid per rule), how the group is read, and where Grafana's differs from
 * it. How it is written is in rule-group-write.ts.
 */
import type { AlertRuleGroupRuleSpec } from '../api/generated/index.js';
import type { AlertRuleGroup, ProvisionedAlertRule } from '../grafana/index.js';
import { parseDuration } from '../lib/duration.js';
import { ObjectError } from '../lib/object-error.js';
import { excused, noteUnrepeatable } from '../lib/read-record.js';
import type { InstanceTarget } from '../sync/targets.js';
import { deriveRuleUid, diffRule, type DesiredRule } from './alert-rule-model.js';
import { alertRuleList, withProvenance } from './alert-rule-reads.js';
import { refuseForeignRuleGroup, wantedProvenance } from './provenance.js';

export interface DesiredRuleGroup {
  folderUid: string;
  group: string;
  intervalSeconds: number;
  rules: DesiredRule[];
  editable: boolean;
}

export interface ObservedRuleGroup {
  group: AlertRuleGroup;
}

const DEFAULT_INTERVAL = '1m';
/** Grafana's scheduler tick (`unified_alerting.base_interval`, §8.3): intervals are multiples of it. */
const BASE_INTERVAL_MS = 10_000;

/** The interval in seconds (default 1m): positive and a multiple of 10 s (the CRD checks it too). */
export function intervalSeconds(interval: string | undefined): number {
  const text = interval ?? DEFAULT_INTERVAL;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0 || ms % BASE_INTERVAL_MS !== 0) {
    throw new ObjectError(
      'InvalidSpec',
      `spec.interval "${text}" must be a positive multiple of 10s, such as 10s, 1m or 5m (Grafana evaluates rule groups on a 10-second tick)`,
    );
  }
  return ms / 1000;
}

/**
 * Every rule's uid: the spec's, or derived from the object's uid and the title. Two rules with
 * one uid are InvalidSpec, since Grafana matches a group's rules by uid.
 */
export function ruleUids(
  rules: readonly Pick<AlertRuleGroupRuleSpec, 'uid' | 'title'>[],
  objectUid: string,
): string[] {
  const uids = rules.map((rule) => rule.uid ?? deriveRuleUid(objectUid, rule.title));
  uids.forEach((uid, i) => {
    const first = uids.indexOf(uid);
    if (first === i) return;
    const rule = rules[i]!;
    const derived = rule.uid === undefined && rules[first]!.uid === undefined;
    throw new ObjectError(
      'InvalidSpec',
      derived
        ? `${describeRule(i, rule.title)} has the same title as ${describeRule(first, rules[first]!.title)}; give one of them a uid`
        : `${describeRule(i, rule.title)} has the same uid "${uid}" as ${describeRule(first, rules[first]!.title)}`,
    );
  });
  return uids;
}

/** A rule of the spec, for messages: `spec.rules[2] ("High CPU")`. */
export function describeRule(index: number, title: string): string {
  return `spec.rules[${index}] ("${title}")`;
}

/**
 * The group in Grafana, or undefined when it has no rules (Grafana has no empty groups), each rule
 * with its provenance. One with a rule provisioned from files or by another manager is a Conflict,
 * adopt or not.
 *
 * Only the group's GET carries its interval, but a resync need not repeat it: any change to a
 * group (a rule's content, its position, the group's interval, a rule added or removed) rewrites
 * the rules concerned, which bumps their `updated` in the list of every rule (docs/grafana-api.md
 * §8.3). So when that list, as held, shows exactly the GET's rules with the same `updated` (or, for
 * a missing group, none), the GET is checked again through the group's rules in the list (not the
 * whole list, which other groups' writes change).
 */
export async function observeRuleGroup(
  target: InstanceTarget,
  folderUid: string,
  title: string,
): Promise<ObservedRuleGroup | undefined> {
  const { result: found, unrepeatable } = await excused(() => target.api.ruleGroups.find(folderUid, title));
  const stored = found?.rules ?? [];
  const group = stored.length > 0 ? { ...found!, rules: await withProvenance(target, stored) } : undefined;
  // The group's rules in the list, on which alone the group depends (not other groups' rules).
  const listed = await alertRuleList.on(target).subset(inGroup(folderUid, title));
  if (unrepeatable !== undefined && !listedAsRead(listed, stored)) noteUnrepeatable(unrepeatable);
  if (!group) return undefined;
  refuseForeignRuleGroup(group);
  return { group };
}

/** Picks the rules of one group from the list of every rule. */
export function inGroup(folderUid: string, title: string): (rule: ProvisionedAlertRule) => boolean {
  return (rule) => rule.folderUID === folderUid && rule.ruleGroup === title;
}

/** Whether the group's rules in the list are exactly `rules`, each as updated as the GET showed it. */
function listedAsRead(
  listed: readonly ProvisionedAlertRule[],
  rules: readonly ProvisionedAlertRule[],
): boolean {
  if (listed.length !== rules.length) return false;
  const byUid = new Map(listed.map((rule) => [rule.uid, rule]));
  return rules.every((rule) => rule.updated !== undefined && byUid.get(rule.uid)?.updated === rule.updated);
}

/**
 * Where Grafana's group differs from the desired one; [] = in sync. With editableInGrafana only a
 * provenance other than the requested one counts: edits made in the UI stay until the spec changes.
 */
export function diffRuleGroup(desired: DesiredRuleGroup, observed: ObservedRuleGroup): string[] {
  const drift: string[] = [];
  const stored = observed.group.rules ?? [];
  if (provenanceMismatch(observed.group, desired)) drift.push('provenance');
  if (desired.editable) return drift;
  if (observed.group.interval !== desired.intervalSeconds) drift.push('interval');
  const byUid = new Map(stored.map((r) => [r.uid, r]));
  for (const rule of desired.rules) {
    const current = byUid.get(rule.uid);
    if (!current) drift.push(`rules["${rule.title}"] (deleted)`);
    else drift.push(...diffRule(rule, current).map((field) => `rules["${rule.title}"].${field}`));
  }
  const wanted = new Set(desired.rules.map((r) => r.uid));
  for (const rule of stored) if (!wanted.has(rule.uid)) drift.push(`rules["${rule.title}"] (added)`);
  const order = stored.filter((r) => wanted.has(r.uid)).map((r) => r.uid);
  const expected = desired.rules.map((r) => r.uid).filter((uid) => byUid.has(uid));
  if (order.join('\n') !== expected.join('\n')) drift.push('rules (order)');
  return drift;
}

/** Whether a rule of ours in Grafana's group has another provenance than the one requested. */
export function provenanceMismatch(group: AlertRuleGroup, desired: DesiredRuleGroup): boolean {
  const wanted = new Set(desired.rules.map((r) => r.uid));
  const requested = wantedProvenance(desired.editable);
  return (group.rules ?? []).some((r) => wanted.has(r.uid) && (r.provenance ?? '') !== requested);
}
