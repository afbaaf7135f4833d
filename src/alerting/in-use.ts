/**
 * What uses a contact point or mute timing: Grafana refuses (409) to delete one that a notification
 * policy or an alert rule still names (contract §8.4, §8.7), and says little about what; these
 * find it, for a Conflict message that tells the user where to look.
 */
import type { GrafanaApi, GrafanaApiError, NotificationPolicy } from '../grafana/index.js';
import { boundedList } from '../lib/messages.js';
import { policiesUsing } from './policy-tree.js';

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
