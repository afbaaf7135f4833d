import {
  alertingCalls,
  expectEmpty,
  invalidProvenance,
  NO_PROVENANCE,
  VERSION_CONFLICT,
} from './alerting-fixtures.js';
import { contractGrafana } from './harness.js';

const NOT_FOUND = {
  statusCode: 404,
  messageId: 'alerting.notifications.templates.notFound',
  message: 'NotFound',
};

describe('contract: notification templates (§8.6)', () => {
  // One org for the file (its Alertmanager configuration takes a poll to appear); every test
  // deletes the templates it leaves behind.
  const h = contractGrafana({ alerting: true, orgPer: 'file' });
  const api = alertingCalls(h);

  beforeEach(() => {
    h.defer(async () => {
      for (const { name } of (await api.get('/templates')).body as Array<{ name: string }>) {
        expectEmpty(await api.del(`/templates/${encodeURIComponent(name)}`), 204);
      }
    });
  });

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

  it('opens a template without provenance to writes with and without provenance (relaxed, §8.9)', async () => {
    expect((await api.put('/templates/ui', { template: 'from the UI' }, NO_PROVENANCE)).status).toBe(202);
    expect((await api.put('/templates/ui', { template: 'y' }, NO_PROVENANCE)).status).toBe(202);
    expect((await api.put('/templates/ui', { template: 'z' })).status).toBe(202);
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
});
