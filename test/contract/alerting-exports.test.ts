import {
  alertingCalls,
  clearOrgAlerting,
  expectEmpty,
  NO_PROVENANCE,
  ruleBody,
} from './alerting-fixtures.js';
import { contractGrafana } from './harness.js';

/** The seed's example answer to `GET /api/v1/provisioning/policies/export?format=yaml` in org `orgId`. */
const seedPolicyYaml = (orgId: number) => `apiVersion: 1
policies:
    - orgId: ${orgId}
      receiver: My Contact Email Point
      group_by:
        - grafana_folder
        - alertname
      routes:
        - receiver: My Contact Email Point
          object_matchers:
            - - monitor
              - =
              - testdata
          mute_time_intervals:
            - weekends
`;

describe('contract: exports (§8.8)', () => {
  // One org for the file (a new org's alerting takes a poll to appear); each test clears it after.
  const h = contractGrafana({ alerting: true, orgPer: 'file' });
  const api = alertingCalls(h);

  beforeEach(() => h.defer(() => clearOrgAlerting(h)));

  async function seedPolicyExample(): Promise<void> {
    const mail = {
      uid: 'mail',
      name: 'My Contact Email Point',
      type: 'email',
      settings: { addresses: 'me@x' },
    };
    expect((await api.post('/contact-points', mail, NO_PROVENANCE)).status).toBe(202);
    const weekends = { name: 'weekends', time_intervals: [{ weekdays: ['saturday', 'sunday'] }] };
    expect((await api.post('/mute-timings', weekends, NO_PROVENANCE)).status).toBe(201);
    const res = await api.put('/policies', {
      receiver: 'My Contact Email Point',
      group_by: ['grafana_folder', 'alertname'],
      routes: [
        {
          receiver: 'My Contact Email Point',
          object_matchers: [['monitor', '=', 'testdata']],
          mute_time_intervals: ['weekends'],
        },
      ],
    });
    expect(res.status).toBe(202);
  }

  describe('format selection', () => {
    it('answers the seed example byte for byte as text/yaml', async () => {
      await seedPolicyExample();
      const res = await api.get('/policies/export?format=yaml');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/yaml');
      expect(res.text).toBe(seedPolicyYaml(h.orgId));
    });

    it('defaults to YAML, follows Accept (json over yaml), and ?format wins', async () => {
      await seedPolicyExample();
      expect((await api.get('/policies/export')).text).toBe(seedPolicyYaml(h.orgId));
      const byAccept = await api.get('/policies/export', { accept: 'application/yaml, application/json' });
      expect(byAccept.headers.get('content-type')).toBe('application/json');
      const json = await api.get('/policies/export?format=json', { accept: 'text/yaml' });
      expect(json.headers.get('content-type')).toBe('application/json');
      expect(json.text).toBe(
        `{"apiVersion":1,"policies":[{"orgId":${h.orgId},"receiver":"My Contact Email Point","group_by":["grafana_folder","alertname"],` +
          '"routes":[{"receiver":"My Contact Email Point","object_matchers":[["monitor","=","testdata"]],"mute_time_intervals":["weekends"]}]}]}',
      );
      const ignored = await api.get('/policies/export?format=xml');
      expect(ignored.headers.get('content-type')).toBe('text/yaml');
    });

    it('download adds the attachment headers', async () => {
      const yaml = await api.get('/policies/export?download=true');
      expect(yaml.headers.get('content-type')).toBe('application/yaml');
      expect(yaml.headers.get('content-disposition')).toBe('attachment;filename="export.yaml"');
      const json = await api.get('/policies/export?download=true&format=json');
      expect(json.headers.get('content-disposition')).toBe('attachment;filename="export.json"');
      const hcl = await api.get('/policies/export?download=true&format=hcl');
      expect(hcl.headers.get('content-type')).toBe('application/terraform+hcl');
      expect(hcl.headers.get('content-disposition')).toBe('attachment;filename=export.tf');
    });

    it('HCL is Terraform-shaped', async () => {
      await seedPolicyExample();
      const res = await api.get('/policies/export?format=hcl');
      expect(res.headers.get('content-type')).toBe('text/hcl');
      expect(res.text).toBe(
        [
          'resource "grafana_notification_policy" "notification_policy_1" {',
          '  contact_point = "My Contact Email Point"',
          '  group_by      = ["grafana_folder", "alertname"]',
          '',
          '  policy {',
          '    contact_point = "My Contact Email Point"',
          '',
          '    matcher {',
          '      label = "monitor"',
          '      match = "="',
          '      value = "testdata"',
          '    }',
          '',
          '    mute_timings = ["weekends"]',
          '  }',
          '}',
          '',
        ].join('\n'),
      );
    });
  });

  describe('alert rules', () => {
    beforeEach(async () => {
      const folder = (body: Record<string, string>) => h.admin('POST', '/api/folders', { body });
      expect((await folder({ uid: 'f1', title: 'Ops $team' })).status).toBe(200);
      expect((await folder({ uid: 'f2', title: 'Child', parentUid: 'f1' })).status).toBe(200);
    });

    it('exports every group as yaml, escaping $ where Grafana does, models normalised', async () => {
      await api.post(
        '/alert-rules',
        ruleBody({
          uid: 'r1',
          title: 'High $CPU',
          labels: { team: '$ops' },
          annotations: { summary: '$value' },
        }),
      );
      const res = await api.get('/alert-rules/export');
      expect(res.status).toBe(200);
      expect(res.text).toBe(`apiVersion: 1
groups:
    - orgId: ${h.orgId}
      name: API
      folder: Ops $$team
      interval: 1m
      rules:
        - uid: r1
          title: High $$CPU
          condition: B
          data:
            - refId: A
              relativeTimeRange:
                from: 600
                to: 0
              datasourceUid: prom
              model:
                expr: up
                hide: false
                intervalMs: 1000
                maxDataPoints: 43200
                refId: A
            - refId: B
              datasourceUid: "-100"
              model:
                conditions:
                    - evaluator:
                        params:
                            - 6
                        type: gt
                      query:
                        params:
                            - A
                      type: query
                datasource:
                    type: __expr__
                    uid: "-100"
                intervalMs: 1000
                maxDataPoints: 43200
                refId: B
                type: classic_conditions
          noDataState: OK
          execErrState: OK
          for: 5m
          annotations:
            summary: $value
          labels:
            team: $$ops
          isPaused: false
`);
      const json = await api.get('/alert-rules/export?format=json');
      const group = json.body.groups[0];
      expect(group.rules[0].data[1].relativeTimeRange).toEqual({ from: 0, to: 0 });
      expect(group.rules[0].title).toBe('High $$CPU');
    });

    it('selects by folder, group or rule, and refuses mixed selections', async () => {
      await api.post('/alert-rules', ruleBody({ uid: 'a', ruleGroup: 'G1' }));
      await api.post('/alert-rules', ruleBody({ uid: 'b', ruleGroup: 'G2' }));
      await api.post('/alert-rules', ruleBody({ uid: 'c', folderUID: 'f2', ruleGroup: 'G3' }));
      const names = (res: { body: { groups: Array<{ name: string; folder: string }> } }) =>
        res.body.groups.map((g) => `${g.folder}/${g.name}`);
      expect(names(await api.get('/alert-rules/export?format=json'))).toEqual([
        'Ops $$team/G1',
        'Ops $$team/G2',
        'Ops $$team/Child/G3',
      ]);
      expect(names(await api.get('/alert-rules/export?format=json&folderUid=f2'))).toEqual([
        'Ops $$team/Child/G3',
      ]);
      expect(names(await api.get('/alert-rules/export?format=json&folderUid=f1&group=G2'))).toEqual([
        'Ops $$team/G2',
      ]);
      const one = await api.get('/alert-rules/export?format=json&ruleUid=c');
      expect(one.body.groups[0].rules.map((r: { uid: string }) => r.uid)).toEqual(['c']);
      expect((await api.get('/alert-rules/c/export?format=json')).body).toEqual(one.body);
      expect((await api.get('/folder/f1/rule-groups/G1/export?format=json')).body.groups[0].name).toBe('G1');

      const mixed = await api.get('/alert-rules/export?ruleUid=c&group=G1');
      expect(mixed.status).toBe(400);
      expect(mixed.body).toEqual({
        message: 'group and folder should not be specified when a single rule is requested',
      });
      const noFolder = await api.get('/alert-rules/export?group=G1');
      expect(noFolder.body).toEqual({
        message: 'group name must be specified together with a single folder_uid parameter. Got 0',
      });
    });

    it('answers 404s: empty for no groups, a message for a missing rule, errutil for a missing group', async () => {
      expectEmpty(await api.get('/alert-rules/export'), 404);
      const rule = await api.get('/alert-rules/nope/export');
      expect(rule.status).toBe(404);
      expect(rule.body).toEqual({ message: 'could not find alert rule' });
      const group = await api.get('/folder/f1/rule-groups/nope/export');
      expect(group.status).toBe(404);
      expect(group.body).toEqual({
        statusCode: 404,
        messageId: 'alerting.alert-rule.notFound',
        message: 'NotFound',
      });
    });

    it('exports HCL resources', async () => {
      await api.post('/alert-rules', ruleBody({ uid: 'r1' }));
      const res = await api.get('/alert-rules/export?format=hcl');
      expect(res.text).toMatch(
        new RegExp(
          `^resource "grafana_rule_group" "rule_group_[0-9a-f]{16}" \\{\\n {2}org_id {11}= ${h.orgId}\\n`,
        ),
      );
      expect(res.text).toContain('  rule {\n    name      = "TEST-API_1"\n    condition = "B"\n');
      expect(res.text).toContain('      model          = "{\\"expr\\":\\"up\\",');
    });
  });

  describe('contact points and mute timings', () => {
    it('exports receivers redacted, or in plain text with decrypt=true; filters by name', async () => {
      const slack = {
        uid: 's',
        name: 'slack',
        type: 'slack',
        settings: { url: 'https://hook', recipient: '#a' },
      };
      expect((await api.post('/contact-points', slack, NO_PROVENANCE)).status).toBe(202);
      const redacted = await api.get('/contact-points/export?format=json&name=slack');
      expect(redacted.body).toEqual({
        apiVersion: 1,
        contactPoints: [
          {
            orgId: h.orgId,
            name: 'slack',
            receivers: [
              {
                uid: 's',
                type: 'slack',
                settings: { recipient: '#a', url: '[REDACTED]' },
                disableResolveMessage: false,
              },
            ],
          },
        ],
      });
      const plain = await api.get('/contact-points/export?decrypt=true&name=slack');
      expect(plain.text).toBe(`apiVersion: 1
contactPoints:
    - orgId: ${h.orgId}
      name: slack
      receivers:
        - uid: s
          type: slack
          settings:
            recipient: '#a'
            url: https://hook
          disableResolveMessage: false
`);
      expect((await api.get('/contact-points/export?format=json')).body.contactPoints).toHaveLength(2);
    });

    it('exports mute timings (flow-style ranges in YAML); one by name, 404 empty when missing', async () => {
      const weekends = {
        name: 'weekends',
        time_intervals: [
          { times: [{ start_time: '00:00', end_time: '12:00' }], weekdays: ['saturday:sunday', 'monday'] },
        ],
      };
      expect((await api.post('/mute-timings', weekends, NO_PROVENANCE)).status).toBe(201);
      const all = await api.get('/mute-timings/export');
      expect(all.text).toBe(`apiVersion: 1
muteTimes:
    - orgId: ${h.orgId}
      name: weekends
      time_intervals:
        - times:
            - start_time: "00:00"
              end_time: "12:00"
          weekdays: ['saturday:sunday', monday]
`);
      const one = await api.get('/mute-timings/weekends/export?format=json');
      expect(one.body).toEqual({
        apiVersion: 1,
        muteTimes: [
          {
            orgId: h.orgId,
            name: 'weekends',
            time_intervals: [
              {
                times: [{ start_time: '00:00', end_time: '12:00' }],
                weekdays: ['saturday:sunday', 'monday'],
              },
            ],
          },
        ],
      });
      expectEmpty(await api.get('/mute-timings/nope/export'), 404);
    });
  });
});
