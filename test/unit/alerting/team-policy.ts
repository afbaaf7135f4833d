import type { GrafanaNotificationPolicy } from '../../../src/api/generated/index.js';

export type PolicySpec = GrafanaNotificationPolicy['spec'];

/** A team tree: platform alerts to the platform team (critical ones paged too), muted at night. */
export const teamSpec = (): PolicySpec => ({
  instanceSelector: { matchLabels: { grafana: 'main' } },
  receiver: 'platform-team',
  group_by: ['grafana_folder', 'alertname'],
  group_wait: '30s',
  group_interval: '300s',
  repeat_interval: '240m',
  routes: [
    {
      receiver: 'platform-team',
      object_matchers: [
        ['team', '=', 'platform'],
        ['env', '=~', 'prod|staging'],
      ],
      mute_time_intervals: ['weekends-and-nights'],
      routes: [{ receiver: 'pager', object_matchers: [['severity', '=', 'critical']], continue: true }],
    },
  ],
});
