import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaNotificationTemplate } from '../../../src/api/generated/index.js';
import { grafanaNotificationTemplateKind } from '../../../src/controllers/grafananotificationtemplate.js';
import type { DesiredTemplate } from '../../../src/alerting/notification-template.js';
import { nameUid } from '../../../src/alerting/notification-resources.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { MadeMeanwhileError, type KindContext } from '../../../src/sync/object-kind.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import { writeThrough } from '../../../src/sync/kind-calls.js';
import { createOf, opAt, writeOf } from '../../support/kind-op.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';
import { desiredGroup as desired, group } from '../alerting/template-fixtures.js';

describe('GrafanaNotificationTemplate against the Grafana double', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  const kind = grafanaNotificationTemplateKind;
  const store = () => alertingOf(double.state.org(1));
  const calls = () =>
    double.requests
      .filter((r) => r.path.startsWith('/api/v1/provisioning/templates/'))
      .map((r) => `${r.method} ${r.path.slice('/api/v1/provisioning/templates/'.length)} ${r.status}`);

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  const context = (
    spec: Record<string, unknown>,
    status?: unknown,
    configMaps: Record<string, string> = {},
  ) =>
    ({
      uid: 'ops-1a2b3c4d',
      namespace: 'ns',
      object: { metadata: { name: 'ops', namespace: 'ns' }, spec: { instanceSelector: {}, ...spec }, status },
      configMaps: {
        value: async ({ name, key }: { name: string; key: string }) => {
          const value = configMaps[`${name}/${key}`];
          if (value === undefined) throw new Error(`ConfigMap "${name}" not found`);
          return value;
        },
      },
    }) as unknown as KindContext<GrafanaNotificationTemplate>;

  /** The op for `want` on "main", by default of an object that wrote the group "ops" there. */
  const on = (want: DesiredTemplate, { written = true } = {}) => ({
    ...opAt<GrafanaNotificationTemplate, DesiredTemplate>(target, 'ops-1a2b3c4d', want),
    record: written ? { uid: nameUid('ops'), appliedHash: 'sha256:written' } : undefined,
  });

  it('desired(): inline or from a ConfigMap, trimmed; empty content is InvalidSpec', async () => {
    expect(await kind.desired(context({ template: `\n${group}\n` }), target)).toEqual(desired());
    const fromConfigMap = await kind.desired(
      context({ configMapRef: { name: 'templates', key: 'ops.tmpl' } }, undefined, {
        'templates/ops.tmpl': group,
      }),
      target,
    );
    expect(fromConfigMap.content).toBe(group);
    const empty = await kind.desired(context({ template: '  \n' }), target).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(ObjectError);
    expect((empty as ObjectError).reason).toBe('InvalidSpec');
  });

  it('a create checks that nobody made the group since the list was read (PUT would overwrite it), and leaves the verdict to the sync layer', async () => {
    const want = on(desired(), { written: false });
    expect(await kind.observe(want)).toBeUndefined();
    store().seedTemplate('ops', '{{ define "mine" }}by hand{{ end }}');
    // Written as the sync layer writes: serialised, the kind's list kept current.
    const error = await writeThrough(kind, createOf(want)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MadeMeanwhileError);
    expect((error as Error).message).toBe(
      'notification template group "ops" already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    );
    expect(store().template('ops')?.template).toBe('{{ define "mine" }}by hand{{ end }}');
    // Observed again (the stale list was let go), it is judged as any group found there.
    const found = await kind.observe(want);
    expect(found).toMatchObject({ recorded: false, template: { name: 'ops' } });
    expect(kind.owns!(found!, want)).toEqual({ ours: false, message: (error as Error).message });
    // With spec.adopt the layer writes over it.
    const applied = await writeThrough(kind, writeOf(want, found));
    expect(applied).toEqual({ uid: nameUid('ops') });
    expect(store().template('ops')).toMatchObject({ template: group, provenance: 'api' });
  });

  it('a rename writes the new group and deletes the old one', async () => {
    store().seedTemplate('ops', group, { provenance: 'api' });
    const want = on(desired({ name: 'ops-renamed' }));
    const seen = await kind.observe(want);
    expect(seen).toMatchObject({ recorded: true, template: { name: 'ops' } });
    expect(kind.diff(want.desired, seen!)).toEqual(['name']);
    await kind.write(writeOf(want, seen));
    expect(store().template('ops')).toBeUndefined();
    expect(store().template('ops-renamed')?.template).toBe(group);
    expect(calls()).toEqual(['GET ops-renamed 404', 'PUT ops-renamed 202', 'GET ops 200', 'DELETE ops 204']);
  });

  it('a version conflict is read again and retried once; twice is a Conflict', async () => {
    store().seedTemplate('ops', '{{ define "old" }}old{{ end }}', { provenance: 'api' });
    const seen = await kind.observe(on(desired()));
    const conflict = {
      method: 'PUT',
      path: '/api/v1/provisioning/templates/ops',
      status: 409,
      body: { statusCode: 409, messageId: 'alerting.notifications.conflict', message: 'Conflict' },
    };
    double.injectFault({ ...conflict, times: 1 });
    await kind.write(writeOf(on(desired()), seen));
    expect(calls()).toEqual(['PUT ops 409', 'GET ops 200', 'PUT ops 202']);
    expect(store().template('ops')?.template).toBe(group);

    double.injectFault({ ...conflict, times: 2 });
    const error = await kind
      .write(writeOf(on(desired({ content: '{{ define "new" }}new{{ end }}' })), seen))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectError);
    expect((error as ObjectError).reason).toBe('Conflict');
    expect((error as Error).message).toContain('version conflict, twice');
  });
});
