import { alertingOf } from '../../grafana-double/alerting-state.js';
import {
  alertingCalls,
  invalidProvenance,
  NO_PROVENANCE,
  POLICY_TREE,
} from '../../contract/alerting-fixtures.js';
import { Harness } from './helpers.js';

describe('grafana double only: file-provisioned and UI-edited policy trees (§8.5; the HTTP contract is test/contract/alerting-policies.test.ts)', () => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;
  const store = () => alertingOf(h.double.state.org(1));

  beforeEach(async () => {
    h = await Harness.start();
    api = alertingCalls(h);
    store().seedContactPoint({ uid: 'ops', name: 'ops', type: 'email', settings: { addresses: 'ops@x' } });
    store().seedMuteTiming({ name: 'weekends', time_intervals: [{ weekdays: ['saturday', 'sunday'] }] });
  });

  afterEach(() => h.stop());

  const tree = POLICY_TREE;

  describe('provenance (ValidateProvenanceRelaxed, §8.9)', () => {
    it('refuses provenance none on a provisioned tree with 403; api may take over a file tree', async () => {
      store().seedPolicyTree({ receiver: 'ops' }, { provenance: 'file' });
      const none = await api.put('/policies', tree, NO_PROVENANCE);
      expect(none.status).toBe(403);
      expect(none.body).toEqual(invalidProvenance('file', 'none'));
      const api2 = await api.put('/policies', tree);
      expect(api2.status).toBe(202);
      expect((await api.get('/policies')).body.provenance).toBe('api');
    });
  });

  describe('DELETE (reset)', () => {
    it('is refused like a PUT when provenance none is asked for a provisioned tree', async () => {
      store().seedPolicyTree({ receiver: 'ops' }, { provenance: 'file' });
      const res = await api.del('/policies', NO_PROVENANCE);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(invalidProvenance('file', 'none'));
      expect((await api.del('/policies')).status).toBe(202);
    });
  });

  it('UI edits are refused for a provisioned tree and allowed otherwise', () => {
    store().uiEditPolicyTree({ receiver: 'ops', group_wait: '30s' });
    expect(store().policy.route).toEqual({ receiver: 'ops', group_wait: '30s' });
    store().seedPolicyTree({ receiver: 'ops' }, { provenance: 'api' });
    expect(() => store().uiEditPolicyTree({ receiver: 'grafana-default-email' })).toThrow(/provisioned/);
  });
});
