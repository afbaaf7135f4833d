import type { VersionProfile } from '../../grafana-double/profiles.js';
import { alertingCalls, ruleBody } from '../../contract/alerting-fixtures.js';
import { Harness } from './helpers.js';

/**
 * `notification_settings.group_by` per release (§8.2): no release modelled requires alertname and
 * grafana_folder; 11.x refuses a repeated custom label through the generated route's validation,
 * 12.x checks nothing, main refuses any repeated label.
 */
describe.each<[VersionProfile, Record<string, string | undefined>]>([
  [
    '11.2',
    {
      custom:
        'invalid alert rule: duplicated label "team" in group_by, grafana-default-email [grafana_folder alertname team team]',
      required: undefined,
      wildcardMixed: undefined,
      missingRequired: undefined,
    },
  ],
  ['12.2', { custom: undefined, required: undefined, wildcardMixed: undefined, missingRequired: undefined }],
  [
    '13.0',
    {
      custom: 'invalid alert rule: duplicate value "team" in group_by',
      required: 'invalid alert rule: duplicate value "alertname" in group_by',
      wildcardMixed: undefined,
      missingRequired: undefined,
    },
  ],
])('grafana double %s: alert rule group_by (§8.2)', (version, refusals) => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;

  beforeEach(async () => {
    h = await Harness.start({ version });
    api = alertingCalls(h);
    h.double.state.org(1).seedFolder({ uid: 'f1', title: 'Folder one' });
  });

  afterEach(() => h.stop());

  const cases: Array<[keyof typeof refusals, string[]]> = [
    ['custom', ['grafana_folder', 'alertname', 'team', 'team']],
    ['required', ['alertname', 'grafana_folder', 'alertname']],
    ['wildcardMixed', ['...', 'team']],
    ['missingRequired', ['team']],
  ];

  it.each(cases)('%s: %j', async (name, groupBy) => {
    const body = ruleBody({
      notification_settings: { receiver: 'grafana-default-email', group_by: groupBy },
    });
    const res = await api.post('/alert-rules', body);
    const refusal = refusals[name];
    if (refusal === undefined) {
      expect(res.status).toBe(201);
      // Stored as sent: the normal form is only used for the generated route.
      expect(
        (res.body as { notification_settings: { group_by: string[] } }).notification_settings.group_by,
      ).toEqual(groupBy);
    } else {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: refusal });
    }
  });
});
