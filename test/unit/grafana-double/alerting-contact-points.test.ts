import { SECURE_SETTINGS } from '../../grafana-double/alerting-model.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import { alertingCalls, NO_PROVENANCE, SECURE_SETTINGS_CASES } from '../../contract/alerting-fixtures.js';
import { Harness } from './helpers.js';

describe('grafana double only: file-provisioned contact points and the secure-settings table (§8.4, §8.11; the HTTP contract is test/contract/alerting-contact-points.test.ts)', () => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;
  const store = () => alertingOf(h.double.state.org(1));

  beforeEach(async () => {
    h = await Harness.start();
    api = alertingCalls(h);
  });

  afterEach(() => h.stop());

  describe('PUT', () => {
    it('refuses a provenance change of a file-provisioned one with a 500 text', async () => {
      store().seedContactPoint(
        { uid: 'f', name: 'file', type: 'email', settings: { addresses: 'a@b' } },
        { provenance: 'file' },
      );
      const file = await api.put('/contact-points/f', {
        name: 'file',
        type: 'email',
        settings: { addresses: 'c@d' },
      });
      expect(file.body).toEqual({ message: "cannot change provenance from 'file' to 'api'" });
    });
  });

  describe('DELETE', () => {
    it('202 {"message":"contactpoint deleted"}, also for an unknown uid; no provenance check', async () => {
      store().seedContactPoint(
        { uid: 'f', name: 'file', type: 'email', settings: { addresses: 'a@b' } },
        { provenance: 'file' },
      );
      const res = await api.del('/contact-points/f', NO_PROVENANCE);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ message: 'contactpoint deleted' });
      expect(store().integration('f')).toBeUndefined();
      expect((await api.del('/contact-points/unknown')).body).toEqual({ message: 'contactpoint deleted' });
    });
  });

  it.each(SECURE_SETTINGS_CASES)(
    '%s: the secure-settings table lists the keys Grafana redacts',
    (type, _settings, secrets) => {
      expect(SECURE_SETTINGS[type]).toEqual(expect.arrayContaining(Object.keys(secrets)));
    },
  );
});
