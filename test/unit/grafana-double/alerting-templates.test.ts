import { alertingOf } from '../../grafana-double/alerting-state.js';
import { alertingCalls, invalidProvenance, NO_PROVENANCE } from '../../contract/alerting-fixtures.js';
import { Harness } from './helpers.js';

describe('grafana double only: file-provisioned, imported and UI-edited templates (§8.6; the HTTP contract is test/contract/alerting-templates.test.ts)', () => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;
  const store = () => alertingOf(h.double.state.org(1));

  beforeEach(async () => {
    h = await Harness.start();
    api = alertingCalls(h);
  });

  afterEach(() => h.stop());

  it('matches the seed example for file-provisioned templates', async () => {
    store().seedTemplate('custom_email.message', 'Custom alert!', { provenance: 'file' });
    store().seedTemplate(
      'custom_email.subject',
      '{{ define "custom_email.subject" }}\n{{ len .Alerts.Firing }} firing alert(s), {{ len .Alerts.Resolved }} resolved alert(s)\n{{ end }}',
      { provenance: 'file' },
    );
    const res = await api.get('/templates');
    expect(res.body).toEqual([
      {
        name: 'custom_email.message',
        template: '{{ define "custom_email.message" }}\n  Custom alert!\n{{ end }}',
        provenance: 'file',
        version: expect.any(String),
      },
      {
        name: 'custom_email.subject',
        template:
          '{{ define "custom_email.subject" }}\n{{ len .Alerts.Firing }} firing alert(s), {{ len .Alerts.Resolved }} resolved alert(s)\n{{ end }}',
        provenance: 'file',
        version: expect.any(String),
      },
    ]);
  });

  describe('provenance (relaxed, §8.9)', () => {
    it('refuses provenance none for a file-provisioned template; api may update it', async () => {
      store().seedTemplate('f', 'file content', { provenance: 'file' });
      const none = await api.put('/templates/f', { template: 'x' }, NO_PROVENANCE);
      expect(none.status).toBe(403);
      expect(none.body).toEqual(invalidProvenance('file', 'none'));
      expect((await api.put('/templates/f', { template: 'x' })).status).toBe(202);
      expect((await api.get('/templates/f')).body.provenance).toBe('api');
    });

    it('refuses any write to an imported (converted_prometheus) template', async () => {
      store().seedTemplate('imp', 'imported', { provenance: 'converted_prometheus' });
      expect((await api.put('/templates/imp', { template: 'x' })).status).toBe(403);
      expect((await api.del('/templates/imp')).status).toBe(403);
    });
  });

  it('UI edits change the content and the version, and are refused for provisioned templates', async () => {
    store().seedTemplate('ui', 'a');
    const before = (await api.get('/templates/ui')).body.version;
    store().uiEditTemplate('ui', 'b');
    expect((await api.get('/templates/ui')).body.version).not.toBe(before);
    store().seedTemplate('p', 'a', { provenance: 'api' });
    expect(() => store().uiEditTemplate('p', 'b')).toThrow(/provisioned/);
  });
});
