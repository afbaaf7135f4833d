import {
  GrafanaNotificationTemplateResource,
  type GrafanaNotificationTemplate,
} from '../../src/api/generated/index.js';
import { muteTimingUid as nameUid, wrapTemplateContent } from '../../src/grafana/index.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { FROM_FILES, filesOrg } from '../support/files-org.js';
import { eventually } from '../support/wait.js';
import { reconcileOnFreshLists } from '../support/operator.js';

const TEMPLATES = '/api/v1/provisioning/templates';

describe('GrafanaNotificationTemplate', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('template');
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  /** A group of two define blocks, as people write them (indented, trailing newline). */
  const opsTemplates = (title = 'ops.title') => `
{{ define "${title}" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}

{{ define "ops.message" }}
{{ range .Alerts }}
  {{ .Annotations.summary }}
{{ end }}
{{ end }}
`;

  const template = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    name: n(name),
    template: opsTemplates(),
    resyncPeriod: '10s',
    ...extra,
  });

  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaNotificationTemplateResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaNotificationTemplate;

  const message = (object: { status?: { conditions?: Array<{ type: string; message: string }> } }) =>
    object.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';

  const calls = (name: string) =>
    f.grafana.recorder.requests
      .filter((r) => r.path === `${TEMPLATES}/${name}`)
      .map((r) => `${r.method} ${r.status}`);

  it('the CRD wants exactly one of template and configMapRef', async () => {
    const create = (name: string, spec: unknown) =>
      f.kube.client.create(GrafanaNotificationTemplateResource, f.kube.namespace, {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaNotificationTemplate',
        metadata: { name },
        spec,
      } as never);
    const { template: _t, ...neither } = template('neither');
    await expect(create('neither', neither)).rejects.toThrow(/set exactly one of template or configMapRef/);
    await expect(
      create('both', template('both', { configMapRef: { name: 'templates', key: 'ops.tmpl' } })),
    ).rejects.toThrow(/set exactly one of template or configMapRef/);
    // Grafana's API addresses a group by name in the URL path, where these cannot go.
    for (const name of ['..', '.', 'a/b']) {
      await expect(create('unaddressable', template('x', { name }))).rejects.toThrow(
        /a template group name cannot contain "\/" or be "." or ".."/,
      );
    }
  });

  it('creates the group (provenance api) and reports it; content Grafana wraps never shows as drift', async () => {
    await f.kube.create(GrafanaNotificationTemplateResource, 'ops', template('ops'));
    const object = await synced('ops');
    expect(object.status?.instances?.[0]).toMatchObject({
      name: 'main',
      synced: true,
      uid: nameUid(n('ops')),
    });
    const stored = await f.grafana.api.notificationTemplates.get(n('ops'));
    expect(stored.provenance).toBe('api');
    expect(stored.template).toBe(opsTemplates().trim());

    // Without a define block Grafana wraps and indents it: still in sync, nothing written again.
    const plain = '{{ len .Alerts.Firing }} firing\n{{ len .Alerts.Resolved }} resolved\n';
    await f.kube.create(GrafanaNotificationTemplateResource, 'plain', template('plain', { template: plain }));
    await synced('plain');
    expect((await f.grafana.api.notificationTemplates.get(n('plain'))).template).toBe(
      wrapTemplateContent(n('plain'), plain),
    );
  });

  it('an unchanged group costs no write to Grafana or the apiserver, wrapped or not', async () => {
    await f.kube.create(
      GrafanaNotificationTemplateResource,
      'idle',
      template('idle', { template: 'Alert {{ .CommonLabels.alertname }}  \r\n  on {{ .ExternalURL }}' }),
    );
    const before = await synced('idle');
    const recorder = f.grafana.recorder;
    recorder.clearRequests();
    const reconciles = async () =>
      Number(
        /controller_runtime_reconcile_total\{controller="grafananotificationtemplate",result="requeue_after"\} (\d+)/.exec(
          await (await fetch(f.operator.metricsUrl)).text(),
        )?.[1] ?? 0,
      );
    const count = await reconciles();
    await f.kube.touch(GrafanaNotificationTemplateResource, 'idle');
    await eventually(async () => (await reconciles()) > count, { what: 'a reconcile after the touch' });
    // A resync after the shared list expired compares with Grafana's current content too.
    await reconcileOnFreshLists(f, GrafanaNotificationTemplateResource, ['idle']);
    expect(recorder.writes()).toEqual([]);
    expect(recorder.requests.filter((r) => r.path.startsWith(`${TEMPLATES}/`))).toEqual([]);
    const after = await f.kube.get<GrafanaNotificationTemplate>(GrafanaNotificationTemplateResource, 'idle');
    expect(after.status).toEqual(before.status);
  });

  it('takes the content from a ConfigMap; a ConfigMap change re-applies it', async () => {
    const configMap = (content: string): KubeObject & { data: Record<string, string> } => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'templates', namespace: f.kube.namespace },
      data: { 'ops.tmpl': content },
    });
    await f.kube.client.create(CoreTypes.configMap, f.kube.namespace, configMap(opsTemplates()));
    await f.kube.create(
      GrafanaNotificationTemplateResource,
      'from-configmap',
      template('from-configmap', {
        template: undefined,
        configMapRef: { name: 'templates', key: 'ops.tmpl' },
        // Only the ConfigMap watch can make the change arrive within the test's patience.
        resyncPeriod: '1h',
      }),
    );
    await synced('from-configmap');
    expect((await f.grafana.api.notificationTemplates.get(n('from-configmap'))).template).toContain(
      'ops.title',
    );
    await f.kube.client.mergePatch(CoreTypes.configMap, f.kube.namespace, 'templates', {
      data: { 'ops.tmpl': opsTemplates('ops.subject') },
    });
    await eventually(
      async () =>
        (await f.grafana.api.notificationTemplates.get(n('from-configmap'))).template.includes('ops.subject'),
      { what: 'the ConfigMap change applied' },
    );
  });

  it('switches provenance both ways (none needs a delete and a new PUT, api a PUT)', async () => {
    await f.kube.create(GrafanaNotificationTemplateResource, 'switch', template('switch'));
    await synced('switch');
    const recorder = f.grafana.recorder;
    recorder.clearRequests();
    await f.kube.patchSpec(GrafanaNotificationTemplateResource, 'switch', { editableInGrafana: true });
    await synced('switch');
    expect((await f.grafana.api.notificationTemplates.get(n('switch'))).provenance).toBeUndefined();
    expect(calls(n('switch')).filter((c) => !c.startsWith('GET'))).toEqual(['DELETE 204', 'PUT 202']);
    const put = recorder.requests.find((r) => r.method === 'PUT' && r.path === `${TEMPLATES}/${n('switch')}`);
    expect(put?.headers['x-disable-provenance']).toBe('true');
    recorder.clearRequests();
    await f.kube.patchSpec(GrafanaNotificationTemplateResource, 'switch', { editableInGrafana: false });
    await synced('switch');
    expect((await f.grafana.api.notificationTemplates.get(n('switch'))).provenance).toBe('api');
    expect(calls(n('switch')).filter((c) => !c.startsWith('GET'))).toEqual(['PUT 202']);
  });

  it('a change made in Grafana between the read and the write: 409, read again, written once more', async () => {
    // Editable, so that the UI may edit it while the operator writes.
    await f.kube.create(
      GrafanaNotificationTemplateResource,
      'contended',
      template('contended', { editableInGrafana: true }),
    );
    await synced('contended');
    const recorder = f.grafana.recorder;
    const path = `${TEMPLATES}/${n('contended')}`;
    recorder.clearRequests();
    // The operator's PUT (carrying the version it read) is held back while someone saves in the UI.
    recorder.injectFault({ method: 'PUT', path, delayMs: 1_500, times: 1 });
    await f.kube.patchSpec(GrafanaNotificationTemplateResource, 'contended', {
      template: opsTemplates('ops.v2'),
    });
    await eventually(
      () => recorder.requests.some((r) => r.method === 'PUT' && r.path === path && r.status === null),
      {
        what: "the operator's PUT in flight",
      },
    );
    await editsIn(f.grafana).editTemplate(n('contended'), '{{ define "ops.title" }}UI{{ end }}');
    await synced('contended');
    expect(calls(n('contended'))).toEqual(['PUT 409', 'GET 200', 'PUT 202']);
    const puts = recorder.requests.filter((r) => r.method === 'PUT' && r.path === path);
    expect((puts[0]?.body as { version?: string }).version).not.toBe(
      (puts[1]?.body as { version?: string }).version,
    );
    // The spec's change is not lost.
    expect((await f.grafana.api.notificationTemplates.get(n('contended'))).template).toBe(
      opsTemplates('ops.v2').trim(),
    );

    // Conflicts twice in a row: Ready=False/Conflict, and the change applies later.
    const conflict = {
      method: 'PUT',
      path,
      status: 409,
      body: { statusCode: 409, messageId: 'alerting.notifications.conflict', message: 'Conflict' },
      times: 2,
    };
    recorder.injectFault(conflict);
    await f.kube.patchSpec(GrafanaNotificationTemplateResource, 'contended', {
      template: opsTemplates('ops.v3'),
    });
    const failed = await f.kube.waitReady(GrafanaNotificationTemplateResource, 'contended', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(message(failed)).toContain('version conflict, twice');
    await f.kube.touch(GrafanaNotificationTemplateResource, 'contended');
    await eventually(
      async () =>
        (await f.grafana.api.notificationTemplates.get(n('contended'))).template ===
        opsTemplates('ops.v3').trim(),
      { what: 'the spec written after the conflict' },
    );
  });

  // Grafana's HTTP API cannot make a template of provenance file: its provisioning files do, in an
  // org of their own (support/files-org.ts), on the double and on GRAFANA_URL alike.
  it('a file-provisioned group is a Conflict, even with adopt', async () => {
    const files = await filesOrg(f.kube, f.grafana);
    try {
      f.grafana.recorder.clearRequests();
      await f.kube.create(GrafanaNotificationTemplateResource, 'from-file', {
        ...template('from-file', { adopt: true }),
        instanceSelector: files.selector,
        name: FROM_FILES.name,
      });
      const conflict = await f.kube.waitReady(GrafanaNotificationTemplateResource, 'from-file', {
        status: 'False',
        reason: 'Conflict',
      });
      expect(message(conflict)).toContain("Grafana's provisioning files (provenance file)");
      expect(f.grafana.recorder.writes().filter((r) => r.path === `${TEMPLATES}/${FROM_FILES.name}`)).toEqual(
        [],
      );
      expect(await files.api.notificationTemplates.get(FROM_FILES.name)).toMatchObject({
        provenance: 'file',
        template: FROM_FILES.template,
      });
    } finally {
      await files.close(f.kube, [[GrafanaNotificationTemplateResource, 'from-file']]);
    }
  });

  it('a new name creates the group under it and deletes the old one', async () => {
    await f.kube.create(GrafanaNotificationTemplateResource, 'renaming', template('renaming'));
    await synced('renaming');
    await f.kube.patchSpec(GrafanaNotificationTemplateResource, 'renaming', { name: n('renamed') });
    const renamed = await synced('renaming');
    expect(renamed.status?.instances?.[0]?.uid).toBe(nameUid(n('renamed')));
    expect((await f.grafana.api.notificationTemplates.get(n('renamed'))).template).toBe(
      opsTemplates().trim(),
    );
    await expect(f.grafana.api.notificationTemplates.find(n('renaming'))).resolves.toBeUndefined();
  });
});
