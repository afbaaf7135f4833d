import { alertingOf } from '../../grafana-double/alerting-state.js';
import { alertingCalls, provenanceMismatch, ruleBody } from '../../contract/alerting-fixtures.js';
import { Harness } from './helpers.js';

describe('grafana double only: file-provisioned rules, switched toggles, repeated titles (§8.2; the HTTP contract is test/contract/alerting-rules.test.ts)', () => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;

  beforeEach(async () => {
    h = await Harness.start();
    api = alertingCalls(h);
    h.double.state.org(1).seedFolder({ uid: 'f1', title: 'Folder one' });
  });

  afterEach(() => h.stop());

  it('lets titles repeat in a folder (the 12.2 profile; 11.x refused them with 400, §15.8, not modelled)', async () => {
    expect((await api.post('/alert-rules', ruleBody({ uid: 'r1' }))).status).toBe(201);
    expect((await api.post('/alert-rules', ruleBody({ uid: 'r2' }))).status).toBe(201);
  });

  it('refuses recording rules when the grafanaManagedRecordingRules toggle is switched off', async () => {
    h.double.options.featureToggles.grafanaManagedRecordingRules = false;
    const body = ruleBody({ uid: 'rec2', record: { metric: 'up_ratio', from: 'A' }, for: '5m' });
    const off = await api.post('/alert-rules', body);
    expect(off.status).toBe(400);
    expect(off.body).toEqual({
      message: 'invalid alert rule: recording rules cannot be created on this instance',
    });
  });

  it('checks the provenance of a file-provisioned rule before validation', async () => {
    alertingOf(h.double.state.org(1)).seedAlertRule(ruleBody({ uid: 'file' }), { provenance: 'file' });
    const res = await api.put('/alert-rules/file', ruleBody({ title: '' }));
    expect(res.status).toBe(500);
  });

  it('answers 409 alerting.provenanceMismatch deleting a file-provisioned rule', async () => {
    alertingOf(h.double.state.org(1)).seedAlertRule(ruleBody({ uid: 'f' }), { provenance: 'file' });
    expect((await api.del('/alert-rules/f')).body).toEqual(provenanceMismatch('delete', 'api', 'file'));
  });
});
