/**
 * What the named alerting notification resources (contact points, notification templates, mute
 * timings) share: Grafana identifies each by its name, and derives its uid from the name
 * (`NameToUid`, URL-safe base64); each carries a provenance (contract §8.1, §8.9); and the
 * notification policy tree refers to contact points and mute timings by name, so Grafana refuses
 * to delete one the tree still uses (§8.4, §8.7).
 *
 * The uid recorded in `status.instances[].uid` is that name-derived uid, so that deleting the object
 * (or leaving an instance) deletes exactly the name written last, even when the spec has been
 * renamed since; and a name recorded there is what makes a resource "ours" (see {@link recordedName}).
 */
import {
  type GrafanaApiError,
  GrafanaVersionMismatchError,
  muteTimingUid,
  type GrafanaApi,
  type NotificationPolicy,
} from '../grafana/index.js';
import { policiesUsing } from '../alerting/policy-tree.js';
import { ObjectError, type KindContext } from './shared/grafana-object.js';
import type { InstanceTarget } from './shared/targets.js';
import { boundedList } from '../runtime/messages.js';

/** The uid Grafana gives a named notification resource (`legacy_storage.NameToUid`). */
export function nameUid(name: string): string {
  return muteTimingUid(name);
}

/** The name behind {@link nameUid}; undefined when `uid` is not one. */
export function nameFromUid(uid: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(uid)) return undefined;
  const name = Buffer.from(uid, 'base64url').toString('utf8');
  return nameUid(name) === uid ? name : undefined;
}

/**
 * The name this object last wrote on the target instance (from its status), or undefined when it
 * has not written there. Only a resource under that name counts as created by this object.
 */
export function recordedName<
  T extends { status?: { instances?: Array<{ name: string; uid?: string; appliedHash?: string }> } },
>(context: KindContext<T>, target: InstanceTarget): string | undefined {
  const entry = context.object.status?.instances?.find((e) => e.name === target.name);
  if (!entry?.appliedHash || !entry.uid) return undefined;
  return nameFromUid(entry.uid);
}

// -------------------------------------------------------------------------------------------------
// Policies that use a name

/** What uses a contact point or mute timing, for a DeletionBlocked message; [] when it cannot tell. */
export async function usersOf(
  api: GrafanaApi,
  uses: { route: (route: NotificationPolicy) => boolean; rule: (settings: RuleSettings) => boolean },
): Promise<string[]> {
  const users: string[] = [];
  const tree = await api.notificationPolicies.get().catch(() => undefined);
  const policies = tree ? policiesUsing(tree, uses.route) : [];
  if (policies.length > 0)
    users.push(
      `notification ${policies.length === 1 ? 'policy' : 'policies'}: ${boundedList(policies, { separator: '; ', maxItems: 5 })}`,
    );
  const rules = await api.alertRules.list().catch(() => []);
  const titles = rules
    .filter((r) => r.notification_settings && uses.rule(r.notification_settings))
    .map((r) => `"${r.title}"`);
  if (titles.length > 0)
    users.push(`alert ${titles.length === 1 ? 'rule' : 'rules'} ${boundedList(titles, { maxItems: 5 })}`);
  return users;
}

export interface RuleSettings {
  receiver: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
}

/**
 * The DeletionBlocked message for a delete Grafana refused (409) because something uses the
 * resource: Grafana's answer plus, where it can be found, what uses it.
 */
export function inUseMessage(what: string, err: GrafanaApiError, users: string[]): string {
  const grafana = err.grafanaMessage && err.grafanaMessage !== 'Conflict' ? err.grafanaMessage : err.message;
  const usedBy = users.length > 0 ? ` Used by ${users.join('; ')}.` : '';
  return (
    `Grafana refuses to delete ${what}: ${grafana}${/[.!]$/.test(grafana) ? '' : '.'}${usedBy} ` +
    'Remove it from there first, or set spec.deletionPolicy: Orphan'
  );
}

/**
 * Writes with the version read before. A version mismatch means someone saved the resource since:
 * read it again and write once more (or create it, if it is gone meanwhile); a second mismatch is a
 * Conflict, and the next resync writes again.
 */
export async function writeWithVersion<R>(options: {
  /** The resource, for the Conflict message. */
  what: string;
  version: string | undefined;
  write(version: string | undefined): Promise<R>;
  /** Reads the resource again, past any snapshot. */
  reread(): Promise<{ version: string } | undefined>;
  /** When the re-read finds nothing; default: write without a version. */
  create?(): Promise<R>;
}): Promise<R> {
  try {
    return await options.write(options.version);
  } catch (err) {
    if (!(err instanceof GrafanaVersionMismatchError)) throw err;
  }
  const fresh = await options.reread();
  if (!fresh && options.create) return options.create();
  try {
    return await options.write(fresh?.version);
  } catch (again) {
    if (!(again instanceof GrafanaVersionMismatchError)) throw again;
    throw new ObjectError(
      'Conflict',
      `${options.what} was changed in Grafana while it was being written (version conflict, twice); ` +
        'it is written again at the next resync',
    );
  }
}
