import { alertingOf } from '../../grafana-double/alerting-state.js';
import {
  alertingCalls,
  NO_PROVENANCE,
  normalisedRuleBody,
  provenanceMismatch,
  ruleBody,
} from '../../contract/alerting-fixtures.js';
import { Harness } from './helpers.js';

describe('grafana double only: file-provisioned rule groups (§8.3, §8.9; the HTTP contract is test/contract/alerting-rule-groups.test.ts)', () => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;
  const store = () => alertingOf(h.double.state.org(1));

  beforeEach(async () => {
    h = await Harness.start();
    api = alertingCalls(h);
    h.double.state.org(1).seedFolder({ uid: 'f1', title: 'Folder one' });
  });

  afterEach(() => h.stop());

  describe('provenance (CanUpdateProvenanceInRuleGroup, §8.9)', () => {
    it('refuses to update or delete file-provisioned rules (409), but an unchanged one passes', async () => {
      store().seedRuleGroup(
        'f1',
        'G',
        { interval: 60, rules: [normalisedRuleBody('f'), normalisedRuleBody('g')] },
        { provenance: 'file' },
      );
      const strip = (uid: string) => {
        const { folderUID: _f, ruleGroup: _g, ...rest } = normalisedRuleBody(uid);
        return rest;
      };
      const same = await api.put('/folder/f1/rule-groups/G', {
        interval: 60,
        rules: [strip('f'), strip('g')],
      });
      expect(same.status).toBe(200);
      expect(store().rule('f')?.provenance).toBe('file');

      const update = await api.put('/folder/f1/rule-groups/G', {
        interval: 60,
        rules: [{ ...strip('f'), title: 'x' }, strip('g')],
      });
      expect(update.status).toBe(409);
      expect(update.body).toEqual(provenanceMismatch('update', 'api', 'file'));
      const drop = await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [strip('f')] });
      expect(drop.status).toBe(409);
      expect(drop.body).toEqual(provenanceMismatch('delete', 'api', 'file'));
      const none = await api.put(
        '/folder/f1/rule-groups/G',
        { interval: 60, rules: [{ ...strip('f'), title: 'x' }, strip('g')] },
        NO_PROVENANCE,
      );
      expect(none.body).toEqual(provenanceMismatch('update', '', 'file'));
      expect(store().groupRules('f1', 'G')).toHaveLength(2);
    });
  });

  describe('DELETE', () => {
    it('answers 409 for a file-provisioned rule', async () => {
      store().seedRuleGroup(
        'f1',
        'F',
        { interval: 60, rules: [ruleBody({ uid: 'f' })] },
        { provenance: 'file' },
      );
      const res = await api.del('/folder/f1/rule-groups/F');
      expect(res.status).toBe(409);
      expect(res.body).toEqual(provenanceMismatch('delete', 'api', 'file'));
    });
  });
});
