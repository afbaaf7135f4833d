import { alertingOf } from '../../grafana-double/alerting-state.js';
import {
  alertingCalls,
  expectEmpty,
  invalidProvenance,
  NO_PROVENANCE,
  VERSION_CONFLICT,
} from './alerting-fixtures.js';
import { Harness } from './helpers.js';

const NOT_FOUND = {
  statusCode: 404,
  messageId: 'alerting.notifications.templates.notFound',
  message: 'NotFound',
};

describe('grafana double: notification templates (§8.6)', () => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;
  const store = () => alertingOf(h.double.state.org(1));

  beforeEach(async () => {
    h = await Harness.start();
    api = alertingCalls(h);
  });

  afterEach(() => h.stop());

  it('PUT creates (202) and wraps content without a define block, as the seed shows', async () => {
    const res = await api.put('/templates/custom_email.message', { template: 'Custom alert!' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      name: 'custom_email.message',
      template: '{{ define "custom_email.message" }}\n  Custom alert!\n{{ end }}',
      provenance: 'api',
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(Object.keys(res.body)).toEqual(['name', 'template', 'provenance', 'version']);
    const multi = await api.put('/templates/m', { template: '\nline 1\nline 2\n' }, NO_PROVENANCE);
    expect(multi.body).toEqual({
      name: 'm',
      template: '{{ define "m" }}\n  line 1\n  line 2\n{{ end }}',
      version: expect.any(String),
    });
  });

  it('keeps content that has a define block (trimmed); lists by name; GET one or 404', async () => {
    const content = '{{ define "b.subject" }}{{ len .Alerts.Firing }} firing{{ end }}';
    await api.put('/templates/b', { template: `  ${content}\n` });
    await api.put('/templates/a', { template: 'x' });
    const list = await api.get('/templates');
    expect(list.status).toBe(200);
    expect(list.body.map((t: { name: string }) => t.name)).toEqual(['a', 'b']);
    expect((await api.get('/templates/b')).body.template).toBe(content);
    const missing = await api.get('/templates/none');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(NOT_FOUND);
  });

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

  it('versions are content fingerprints: a stale one is 409, the current one passes, absent skips the check', async () => {
    const v1 = (await api.put('/templates/t', { template: 'one' })).body.version;
    const same = (await api.put('/templates/t', { template: 'one' })).body.version;
    expect(same).toBe(v1);
    const v2 = (await api.put('/templates/t', { template: 'two', version: v1 })).body.version;
    expect(v2).not.toBe(v1);
    const stale = await api.put('/templates/t', { template: 'three', version: v1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual(VERSION_CONFLICT);
    expect((await api.put('/templates/t', { template: 'three' })).status).toBe(202);
  });

  it('a version for a template that does not exist is a 404', async () => {
    const res = await api.put('/templates/new', { template: 'x', version: 'abc' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
  });

  it.each([
    ['empty content', '', 'template must have content'],
    ['an unclosed action', '{{ define "x" }}{{ .Foo', 'invalid template: template: :1: unclosed action'],
    [
      'a missing end',
      '{{ define "x" }}{{ if .A }}a{{ end }}',
      'invalid template: template: :1: unexpected EOF',
    ],
  ])('refuses %s with 400 templates.invalidFormat', async (_name, template, detail) => {
    const res = await api.put('/templates/x', { template });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      messageId: 'alerting.notifications.templates.invalidFormat',
      message: 'Template is in invalid format. Correct the payload and try again.',
      extra: { Error: detail },
    });
  });

  describe('provenance (relaxed, §8.9)', () => {
    it('refuses provenance none for a provisioned template; api may update a file one; none is open to all', async () => {
      store().seedTemplate('f', 'file content', { provenance: 'file' });
      const none = await api.put('/templates/f', { template: 'x' }, NO_PROVENANCE);
      expect(none.status).toBe(403);
      expect(none.body).toEqual(invalidProvenance('file', 'none'));
      expect((await api.put('/templates/f', { template: 'x' })).status).toBe(202);
      expect(store().template('f')?.provenance).toBe('api');

      store().seedTemplate('ui', 'from the UI');
      expect((await api.put('/templates/ui', { template: 'y' }, NO_PROVENANCE)).status).toBe(202);
      expect((await api.put('/templates/ui', { template: 'z' })).status).toBe(202);
    });

    it('refuses any write to an imported (converted_prometheus) template', async () => {
      store().seedTemplate('imp', 'imported', { provenance: 'converted_prometheus' });
      expect((await api.put('/templates/imp', { template: 'x' })).status).toBe(403);
      expect((await api.del('/templates/imp')).status).toBe(403);
    });
  });

  describe('DELETE', () => {
    it('204, also when missing; a stale version 409; provenance none on a provisioned one 403', async () => {
      const v = (await api.put('/templates/t', { template: 'one' })).body.version;
      expect((await api.del('/templates/t?version=0000000000000000')).body).toEqual(VERSION_CONFLICT);
      const refused = await api.del('/templates/t', NO_PROVENANCE);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual(invalidProvenance('api', 'none'));
      expectEmpty(await api.del(`/templates/t?version=${v}`), 204);
      expectEmpty(await api.del('/templates/t'), 204);
      expect((await api.get('/templates')).body).toEqual([]);
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
