import {
  alertingCalls,
  clearOrgAlerting,
  NO_PROVENANCE,
  normalisedRuleBody,
  ruleBody,
} from './alerting-fixtures.js';
import { contractGrafana } from './harness.js';

/**
 * The provenance matrix of §8.9 for the provenances a client can store over HTTP (`api` and none;
 * `file` and `converted_prometheus` come from provisioning files and imports: double-only): each
 * against both request modes, for every write of every kind. The object is created in the stored
 * mode first, so the same case holds against a real Grafana.
 */
type Mode = 'api' | '';
const MODES: Array<[Mode, Record<string, string>]> = [
  ['api', {}],
  ['', NO_PROVENANCE],
];
const headersOf = (mode: Mode) => (mode === 'api' ? {} : NO_PROVENANCE);

const strict = (stored: Mode, requested: Mode) => stored === requested || stored === '';
const group = (stored: Mode, requested: Mode) =>
  strict(stored, requested) || (requested === '' && stored === 'api');
const relaxed = (stored: Mode, requested: Mode) => stored === '' || requested !== '';

const cases = MODES.flatMap(([stored]) =>
  MODES.map(([requested, headers]) => ({ stored, requested, headers })),
);

describe('contract: provenance matrix (§8.9)', () => {
  // One org for the file (a new org's alerting takes a poll to appear); each test clears it after.
  const h = contractGrafana({ alerting: true, orgPer: 'file' });
  const api = alertingCalls(h);
  /** The provenance a GET reports: absent or empty is none. */
  const provenanceOf = async (path: string): Promise<string> => (await api.get(path)).body?.provenance ?? '';

  beforeEach(async () => {
    h.defer(() => clearOrgAlerting(h));
    expect((await h.admin('POST', '/api/folders', { body: { uid: 'f1', title: 'F' } })).status).toBe(200);
  });

  describe.each(cases)('stored "$stored", requested "$requested"', ({ stored, requested, headers }) => {
    it('alert rule PUT: 200, or 500 unless stored == requested or stored is none', async () => {
      expect((await api.post('/alert-rules', ruleBody({ uid: 'r' }), headersOf(stored))).status).toBe(201);
      const res = await api.put('/alert-rules/r', ruleBody({ title: 'changed' }), headers);
      expect(res.status).toBe(strict(stored, requested) ? 200 : 500);
      expect(await provenanceOf('/alert-rules/r')).toBe(strict(stored, requested) ? requested : stored);
    });

    it('alert rule DELETE: 204, or 409 provenanceMismatch', async () => {
      expect((await api.post('/alert-rules', ruleBody({ uid: 'r' }), headersOf(stored))).status).toBe(201);
      const res = await api.del('/alert-rules/r', headers);
      expect(res.status).toBe(strict(stored, requested) ? 204 : 409);
    });

    it('rule group PUT of a changed rule and DELETE: CanUpdateProvenanceInRuleGroup, else 409', async () => {
      const { folderUID: _f1, ruleGroup: _g1, ...original } = normalisedRuleBody('r');
      const created = await api.put(
        '/folder/f1/rule-groups/G',
        { interval: 60, rules: [original] },
        headersOf(stored),
      );
      expect(created.status).toBe(200);
      const { folderUID: _f, ruleGroup: _g, ...rule } = normalisedRuleBody('r', { title: 'changed' });
      const put = await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [rule] }, headers);
      expect(put.status).toBe(group(stored, requested) ? 200 : 409);
      const expected = group(stored, requested) ? requested : stored;
      expect(await provenanceOf('/alert-rules/r')).toBe(expected);
      const del = await api.del('/folder/f1/rule-groups/G', headers);
      expect(del.status).toBe(group(expected, requested) ? 204 : 409);
    });

    it('contact point PUT: 202, or 500 `cannot change provenance`; DELETE: always 202', async () => {
      const cp = { uid: 'c', name: 'c', type: 'email', settings: { addresses: 'a@b' } };
      expect((await api.post('/contact-points', cp, headersOf(stored))).status).toBe(202);
      const put = await api.put(
        '/contact-points/c',
        { name: 'c', type: 'email', settings: { addresses: 'x@y' } },
        headers,
      );
      expect(put.status).toBe(strict(stored, requested) ? 202 : 500);
      expect((await api.del('/contact-points/c', headers)).status).toBe(202);
    });

    it('template PUT and DELETE: relaxed rule, else 403', async () => {
      expect((await api.put('/templates/t', { template: 'x' }, headersOf(stored))).status).toBe(202);
      const allowed = relaxed(stored, requested);
      expect((await api.put('/templates/t', { template: 'y' }, headers)).status).toBe(allowed ? 202 : 403);
      expect((await api.del('/templates/t', headers)).status).toBe(allowed ? 204 : 403);
    });

    it('mute timing PUT and DELETE: relaxed rule, else 403', async () => {
      const timing = { name: 'm', time_intervals: [] };
      expect((await api.post('/mute-timings', timing, headersOf(stored))).status).toBe(201);
      const allowed = relaxed(stored, requested);
      expect((await api.put('/mute-timings/m', timing, headers)).status).toBe(allowed ? 202 : 403);
      expect((await api.del('/mute-timings/m', headers)).status).toBe(allowed ? 204 : 403);
    });

    it('policy tree PUT and reset: relaxed rule, else 403', async () => {
      const tree = { receiver: 'grafana-default-email' };
      // A reset as api clears the provenance; the PUT then stores the wanted one.
      const storeTree = async () => {
        expect((await api.del('/policies')).status).toBe(202);
        expect((await api.put('/policies', tree, headersOf(stored))).status).toBe(202);
      };
      await storeTree();
      const allowed = relaxed(stored, requested);
      expect((await api.put('/policies', tree, headers)).status).toBe(allowed ? 202 : 403);
      await storeTree();
      expect((await api.del('/policies', headers)).status).toBe(allowed ? 202 : 403);
    });
  });

  it('creates record the requested provenance', async () => {
    await api.post('/alert-rules', ruleBody({ uid: 'a' }));
    await api.post('/alert-rules', ruleBody({ uid: 'n' }), NO_PROVENANCE);
    await api.post(
      '/contact-points',
      { uid: 'c', name: 'c', type: 'email', settings: { addresses: 'a@b' } },
      NO_PROVENANCE,
    );
    await api.put('/templates/t', { template: 'x' }, NO_PROVENANCE);
    await api.post('/mute-timings', { name: 'm', time_intervals: [] });
    const contactPoint = async () =>
      ((await api.get('/contact-points?name=c')).body[0]?.provenance as string | undefined) ?? '';
    expect([
      await provenanceOf('/alert-rules/a'),
      await provenanceOf('/alert-rules/n'),
      await contactPoint(),
      await provenanceOf('/templates/t'),
      await provenanceOf('/mute-timings/m'),
    ]).toEqual(['api', '', '', '', 'api']);
  });
});
