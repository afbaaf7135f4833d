import type { Provenance } from '../../grafana-double/alerting-model.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import {
  alertingCalls,
  NO_PROVENANCE,
  normalisedRuleBody,
  ruleBody,
} from '../../contract/alerting-fixtures.js';
import { Harness } from './helpers.js';

/**
 * The provenance matrix of §8.9 for the provenances only provisioning files and imports store
 * (`file`, `converted_prometheus`), seeded into the double: against both request modes (`api`
 * without the header, none with it), for every write of every kind. Stored `api` and none, and
 * creates, are test/contract/alerting-provenance.test.ts.
 */
const STORED: Provenance[] = ['file', 'converted_prometheus'];
const REQUESTED: Array<['api' | '', Record<string, string>]> = [
  ['api', {}],
  ['', NO_PROVENANCE],
];

const strict = (stored: Provenance, requested: Provenance) => stored === requested || stored === '';
const group = (stored: Provenance, requested: Provenance) =>
  strict(stored, requested) || (requested === '' && (stored === 'api' || stored === 'converted_prometheus'));
const relaxed = (stored: Provenance, requested: Provenance) => stored === '' || requested !== '';

const cases = STORED.flatMap((stored) =>
  REQUESTED.map(([requested, headers]) => ({ stored, requested, headers })),
);

describe('grafana double only: provenance matrix for file and imported objects (§8.9)', () => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;
  const store = () => alertingOf(h.double.state.org(1));

  beforeEach(async () => {
    h = await Harness.start();
    api = alertingCalls(h);
    h.double.state.org(1).seedFolder({ uid: 'f1', title: 'F' });
  });

  afterEach(() => h.stop());

  describe.each(cases)('stored "$stored", requested "$requested"', ({ stored, requested, headers }) => {
    it('alert rule PUT: 200, or 500 unless stored == requested or stored is none', async () => {
      store().seedAlertRule(ruleBody({ uid: 'r' }), { provenance: stored });
      const res = await api.put('/alert-rules/r', ruleBody({ title: 'changed' }), headers);
      expect(res.status).toBe(strict(stored, requested) ? 200 : 500);
      expect(store().rule('r')?.provenance).toBe(strict(stored, requested) ? requested : stored);
    });

    it('alert rule DELETE: 204, or 409 provenanceMismatch', async () => {
      store().seedAlertRule(ruleBody({ uid: 'r' }), { provenance: stored });
      const res = await api.del('/alert-rules/r', headers);
      expect(res.status).toBe(strict(stored, requested) ? 204 : 409);
    });

    it('rule group PUT of a changed rule and DELETE: CanUpdateProvenanceInRuleGroup, else 409', async () => {
      store().seedRuleGroup(
        'f1',
        'G',
        { interval: 60, rules: [normalisedRuleBody('r')] },
        { provenance: stored },
      );
      const { folderUID: _f, ruleGroup: _g, ...rule } = normalisedRuleBody('r', { title: 'changed' });
      const put = await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [rule] }, headers);
      expect(put.status).toBe(group(stored, requested) ? 200 : 409);
      const expected = group(stored, requested) ? requested : stored;
      expect(store().rule('r')?.provenance).toBe(expected);
      const del = await api.del('/folder/f1/rule-groups/G', headers);
      expect(del.status).toBe(group(expected, requested) ? 204 : 409);
    });

    it('contact point PUT: 202, or 500 `cannot change provenance`; DELETE: always 202', async () => {
      store().seedContactPoint(
        { uid: 'c', name: 'c', type: 'email', settings: { addresses: 'a@b' } },
        { provenance: stored },
      );
      const put = await api.put(
        '/contact-points/c',
        { name: 'c', type: 'email', settings: { addresses: 'x@y' } },
        headers,
      );
      expect(put.status).toBe(strict(stored, requested) ? 202 : 500);
      expect((await api.del('/contact-points/c', headers)).status).toBe(202);
    });

    it('template PUT and DELETE: relaxed rule (imported ones never), else 403', async () => {
      store().seedTemplate('t', 'x', { provenance: stored });
      const allowed = relaxed(stored, requested) && stored !== 'converted_prometheus';
      expect((await api.put('/templates/t', { template: 'y' }, headers)).status).toBe(allowed ? 202 : 403);
      expect((await api.del('/templates/t', headers)).status).toBe(allowed ? 204 : 403);
    });

    it('mute timing PUT and DELETE: relaxed rule (imported ones never), else 403', async () => {
      store().seedMuteTiming({ name: 'm', time_intervals: [] }, { provenance: stored });
      const allowed = relaxed(stored, requested) && stored !== 'converted_prometheus';
      expect((await api.put('/mute-timings/m', { name: 'm', time_intervals: [] }, headers)).status).toBe(
        allowed ? 202 : 403,
      );
      expect((await api.del('/mute-timings/m', headers)).status).toBe(allowed ? 204 : 403);
    });

    it('policy tree PUT and reset: relaxed rule, else 403', async () => {
      store().seedPolicyTree({ receiver: 'grafana-default-email' }, { provenance: stored });
      const allowed = relaxed(stored, requested);
      expect((await api.put('/policies', { receiver: 'grafana-default-email' }, headers)).status).toBe(
        allowed ? 202 : 403,
      );
      store().seedPolicyTree({ receiver: 'grafana-default-email' }, { provenance: stored });
      expect((await api.del('/policies', headers)).status).toBe(allowed ? 202 : 403);
    });
  });
});
