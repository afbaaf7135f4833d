import { ImportContext } from '../../../../src/cli/import/context.js';
import { importDatasourceFile, provisionedDatasourceUid } from '../../../../src/cli/import/datasources.js';
import {
  importDashboardProvider,
  structureFolder,
  GZIP_FROM_BYTES,
} from '../../../../src/cli/import/dashboards.js';
import { importAlertingFile, folderPath } from '../../../../src/cli/import/alerting.js';
import { parseMatcher } from '../../../../src/cli/import/policies.js';
import { referencesIn, wholeVariable } from '../../../../src/cli/import/interpolation.js';
import { resolveProviderPath } from '../../../../src/cli/import/dashboard-files.js';
import { manifestErrors, undeclaredFields } from '../../../../src/cli/import/validate.js';
import type { Manifest } from '../../../../src/cli/manifests.js';

function context(): ImportContext {
  return new ImportContext({ namespace: 'ns', instanceSelector: { matchLabels: { grafana: 'main' } } });
}

function byKind(ctx: ImportContext, kind: string): Manifest[] {
  return ctx
    .manifests()
    .map((entry) => entry.manifest)
    .filter((manifest) => manifest.kind === kind);
}

function specOf(manifest: Manifest | undefined): Record<string, unknown> {
  return (manifest?.spec ?? {}) as Record<string, unknown>;
}

describe('interpolation', () => {
  it('finds $VAR, ${VAR}, $__env, $__file and $__vault, and $$ is a literal $', () => {
    expect(referencesIn('a $A ${B} $__env{C} $__file{/run/x} $__vault{kv:p} $$D')).toEqual({
      variables: ['A', 'B', 'C'],
      files: ['/run/x'],
      vault: ['kv:p'],
    });
  });

  it('a value that is one variable names it; anything around it does not', () => {
    expect(wholeVariable('$DB_PASSWORD')).toBe('DB_PASSWORD');
    expect(wholeVariable('${TOKEN}')).toBe('TOKEN');
    expect(wholeVariable('$__env{X}')).toBe('X');
    expect(wholeVariable('Bearer $TOKEN')).toBeUndefined();
    expect(wholeVariable('$$LITERAL')).toBeUndefined();
  });
});

describe('datasources', () => {
  const loki = {
    name: 'Loki',
    type: 'loki',
    uid: 'loki',
    url: 'http://loki:3100',
    basicAuth: true,
    basicAuthUser: 'grafana',
  };

  it('maps the fields, keeps secure values out and refers to Secrets, reports the rest', () => {
    const ctx = context();
    importDatasourceFile(ctx, 'datasources/a.yaml', {
      apiVersion: 1,
      datasources: [
        {
          ...loki,
          editable: true,
          orgId: 2,
          correlations: [{ targetUID: 'x' }],
          secureJsonData: { basicAuthPassword: 'hunter2', httpHeaderValue1: '$TOKEN' },
        },
      ],
      deleteDatasources: [{ name: 'Old', orgId: 1 }],
    });
    const [datasource] = byKind(ctx, 'GrafanaDatasource');
    expect(datasource?.metadata).toEqual({ name: 'loki', namespace: 'ns' });
    expect(specOf(datasource)).toEqual({
      instanceSelector: { matchLabels: { grafana: 'main' } },
      ...loki,
      secureJsonData: {
        basicAuthPassword: { secretKeyRef: { name: 'loki-secure', key: 'basicAuthPassword' } },
        httpHeaderValue1: { secretKeyRef: { name: 'grafana-provisioning-env', key: 'TOKEN' } },
      },
    });
    const secrets = byKind(ctx, 'Secret');
    expect(secrets.map((s) => s.stringData)).toEqual([{ TOKEN: '' }, { basicAuthPassword: '' }]);
    expect(JSON.stringify(ctx.manifests()) + ctx.report.text()).not.toContain('hunter2');
    const report = ctx.report.text();
    expect(report).toMatch(/datasource "Loki": orgId 2: .*--instance-selector/);
    expect(report).toMatch(/datasource "Loki": editable: no equivalent/);
    expect(report).toMatch(/datasource "Loki": correlations: no equivalent/);
    expect(report).toMatch(
      /deleteDatasources "Old": a delete cannot be expressed .*DELETE \/api\/datasources\/name\/Old/,
    );
    expect(manifestErrors(datasource!)).toEqual([]);
  });

  it('without a uid gets the one Grafana derives from the name; apiVersion 0 keys are read', () => {
    const ctx = context();
    importDatasourceFile(ctx, 'datasources/v0.yaml', {
      datasources: [
        { name: 'Graphite', type: 'graphite', is_default: true, json_data: { graphiteVersion: '1.1' } },
      ],
    });
    const spec = specOf(byKind(ctx, 'GrafanaDatasource')[0]);
    expect(spec.uid).toBe(provisionedDatasourceUid('Graphite'));
    expect(spec.uid).toMatch(/^P[0-9A-F]{16}$/);
    expect(spec).toMatchObject({ isDefault: true, jsonData: { graphiteVersion: '1.1' } });
  });

  it('a second default datasource in the org, in another file, is reported', () => {
    const ctx = context();
    importDatasourceFile(ctx, 'a.yaml', {
      apiVersion: 1,
      datasources: [{ name: 'A', type: 'loki', isDefault: true }],
    });
    importDatasourceFile(ctx, 'b.yaml', {
      apiVersion: 1,
      datasources: [{ name: 'B', type: 'loki', isDefault: true }],
    });
    expect(ctx.report.text()).toMatch(/^b.yaml datasource "B": isDefault: "A" is the default too/m);
  });

  it('reports a variable in a field that is not secure, and keeps it as written', () => {
    const ctx = context();
    importDatasourceFile(ctx, 'd.yaml', {
      apiVersion: 1,
      datasources: [{ name: 'P', type: 'prometheus', url: '$PROM_URL' }],
    });
    expect(specOf(byKind(ctx, 'GrafanaDatasource')[0]).url).toBe('$PROM_URL');
    expect(ctx.report.text()).toMatch(/url reads \$PROM_URL .*kept as written/);
  });
});

describe('dashboard providers', () => {
  const dashboard = (uid: string, title: string) => JSON.stringify({ uid, title, panels: [] });

  it('a folder and its uid become one GrafanaFolder the dashboards refer to; provider options are mapped or reported', () => {
    const ctx = context();
    importDashboardProvider(
      ctx,
      'p',
      {
        name: 'p',
        folder: 'Platform',
        folderUid: 'platform',
        allowUiUpdates: true,
        updateIntervalSeconds: 10,
        options: { path: '/x' },
      },
      [
        { path: 'a.json', text: dashboard('a', 'A') },
        { path: 'sub/b.json', text: dashboard('b', 'B') },
        { path: 'dup.json', text: dashboard('a', 'A again') },
        { path: 'broken.json', text: '{' },
      ],
    );
    expect(byKind(ctx, 'GrafanaFolder').map(specOf)).toEqual([
      { instanceSelector: { matchLabels: { grafana: 'main' } }, title: 'Platform', uid: 'platform' },
    ]);
    const dashboards = byKind(ctx, 'GrafanaDashboard');
    expect(
      dashboards.map((d) => [d.metadata.name, specOf(d).folderRef, specOf(d).editableInGrafana]),
    ).toEqual([
      ['a', 'platform', true],
      ['b', 'platform', true],
    ]);
    const report = ctx.report.text();
    expect(report).toMatch(/p broken.json: .*not valid JSON.*not imported/);
    expect(report).toMatch(/p dup.json: uid a is also a.json's/);
    expect(report).toMatch(/updateIntervalSeconds: no equivalent/);
  });

  it('foldersFromFilesStructure: a folder per directory name, files at the root at the top level', () => {
    const ctx = context();
    importDashboardProvider(ctx, 'p', { options: { path: '/x', foldersFromFilesStructure: true } }, [
      { path: 'root.json', text: dashboard('r', 'Root') },
      { path: 'team/x.json', text: dashboard('x', 'X') },
      { path: 'deep/team/y.json', text: dashboard('y', 'Y') },
    ]);
    expect(byKind(ctx, 'GrafanaFolder').map((f) => specOf(f).title)).toEqual(['team']);
    expect(byKind(ctx, 'GrafanaDashboard').map((d) => specOf(d).folderRef ?? null)).toEqual([
      'team',
      null,
      'team',
    ]);
    expect(structureFolder('a/b/c.json')).toEqual(['b']);
  });

  it('a dashboard from 256 KiB on goes in gzipJson', () => {
    const ctx = context();
    const big = JSON.stringify({
      uid: 'big',
      title: 'Big',
      panels: [],
      padding: 'x'.repeat(GZIP_FROM_BYTES),
    });
    importDashboardProvider(ctx, 'p', { options: { path: '/x' } }, [{ path: 'big.json', text: big }]);
    const spec = specOf(byKind(ctx, 'GrafanaDashboard')[0]);
    expect(spec.json).toBeUndefined();
    expect(typeof spec.gzipJson).toBe('string');
  });

  it('an absolute path missing here is found by its tail under --from', () => {
    const exists = (path: string) => path === '/copy/dashboards/json';
    expect(resolveProviderPath('/etc/grafana/provisioning/dashboards/json', '/copy', '/cwd', exists)).toEqual(
      {
        dir: '/copy/dashboards/json',
        note: expect.stringMatching(
          /^absolute path \/etc\/grafana\/provisioning\/dashboards\/json does not exist here; read \/copy\/dashboards\/json/,
        ),
      },
    );
    expect(resolveProviderPath('/nowhere', '/copy', '/cwd', exists)).toBeUndefined();
  });
});

describe('alerting', () => {
  it('maps a rule group: folder by title, dashboard link, the file default execErrState, imported datasources by name', () => {
    const ctx = context();
    importDatasourceFile(ctx, 'd.yaml', {
      apiVersion: 1,
      datasources: [{ name: 'Prom', type: 'prometheus', uid: 'prom' }],
    });
    importAlertingFile(ctx, 'alerting/a.yaml', {
      apiVersion: 1,
      groups: [
        {
          orgId: 1,
          name: 'g',
          folder: 'Team/Alerts',
          interval: '1m',
          rules: [
            {
              uid: 'r1',
              title: 'R1',
              condition: 'A',
              dasboardUid: 'dash',
              panelId: 4,
              keepFiringFor: '2m',
              data: [{ refId: 'A', datasourceUid: 'prom', model: { expr: 'up' }, extra: 1 }],
            },
          ],
        },
      ],
      deleteRules: [{ uid: 'old' }],
      resetPolicies: [1],
    });
    const [group] = byKind(ctx, 'GrafanaAlertRuleGroup');
    expect(specOf(group)).toMatchObject({
      name: 'g',
      folderRef: 'alerts',
      interval: '1m',
      rules: [
        {
          uid: 'r1',
          execErrState: 'Alerting',
          keep_firing_for: '2m',
          annotations: { __dashboardUid__: 'dash', __panelId__: '4' },
          data: [{ refId: 'A', datasourceRef: 'prom', model: { expr: 'up' } }],
        },
      ],
    });
    expect(byKind(ctx, 'GrafanaFolder').map((f) => [specOf(f).title, specOf(f).parentFolderRef])).toEqual([
      ['Team', undefined],
      ['Alerts', 'team'],
    ]);
    expect(manifestErrors(group!)).toEqual([]);
    const report = ctx.report.text();
    expect(report).toMatch(/data\[0\]: extra: no equivalent, left out/);
    expect(report).toMatch(/deleteRules alert rule old: a delete cannot be expressed/);
    expect(report).toMatch(/resetPolicies org 1: a reset cannot be expressed/);
    expect(folderPath('a\\/b/c')).toEqual(['a/b', 'c']);
  });

  it('contact points: secure settings (dotted too) move to Secrets, the rest stays', () => {
    const ctx = context();
    importAlertingFile(ctx, 'a.yaml', {
      contactPoints: [
        {
          name: 'Hook',
          receivers: [
            {
              uid: 'hook',
              type: 'webhook',
              settings: {
                url: 'https://x',
                password: 's3cret',
                tlsConfig: { clientKey: 'KEY', insecureSkipVerify: true },
                title: '{{ $labels.alertname }}',
              },
            },
          ],
        },
      ],
    });
    const [point] = byKind(ctx, 'GrafanaContactPoint');
    expect(specOf(point).receivers).toEqual([
      {
        uid: 'hook',
        type: 'webhook',
        settings: {
          url: 'https://x',
          tlsConfig: { insecureSkipVerify: true },
          title: '{{ $labels.alertname }}',
        },
        secureSettings: {
          password: { secretKeyRef: { name: 'hook-secure', key: 'hook.password' } },
          'tlsConfig.clientKey': { secretKeyRef: { name: 'hook-secure', key: 'hook.tlsConfig.clientKey' } },
        },
      },
    ]);
    expect(JSON.stringify(ctx.manifests())).not.toMatch(/s3cret|KEY"/);
    // A template's $labels is what some releases would take for an environment variable.
    expect(ctx.report.text()).toMatch(
      /receivers\[0\]\.settings\.title holds \$labels, which some releases substitute/,
    );
    expect(manifestErrors(point!)).toEqual([]);
  });

  it('policies: every matcher spelling becomes object_matchers; what the root cannot have is reported', () => {
    const ctx = context();
    importAlertingFile(ctx, 'p.yaml', {
      policies: [
        {
          orgId: 1,
          receiver: 'r',
          object_matchers: [['a', '=', 'b']],
          routes: [
            {
              receiver: 'x',
              matchers: ['team = "ops"', 'sev=~crit|page'],
              match: { a: 'b' },
              match_re: { c: 'd.*' },
            },
          ],
        },
      ],
      templates: [{ name: 't', template: '{{ define "t" }}x{{ end }}' }],
      muteTimes: [{ name: 'm', time_intervals: [{ weekdays: ['monday'], odd: 1 }] }],
    });
    expect(specOf(byKind(ctx, 'GrafanaNotificationPolicy')[0]).routes).toEqual([
      {
        receiver: 'x',
        object_matchers: [
          ['team', '=', 'ops'],
          ['sev', '=~', 'crit|page'],
          ['a', '=', 'b'],
          ['c', '=~', 'd.*'],
        ],
      },
    ]);
    const report = ctx.report.text();
    expect(report).toMatch(/object_matchers on the root policy: Grafana refuses or ignores it there/);
    expect(report).toMatch(/mute timing "m": odd: time interval field with no equivalent/);
    for (const manifest of ctx.manifests().map((e) => e.manifest))
      expect(manifestErrors(manifest)).toEqual([]);
  });

  it('a field the schema does not declare is found (the apiserver would prune it); free-form objects are not', () => {
    const ctx = context();
    importAlertingFile(ctx, 'a.yaml', {
      groups: [
        {
          name: 'g',
          folder: 'F',
          rules: [
            {
              uid: 'r',
              title: 'R',
              condition: 'A',
              notification_settings: { receiver: 'x', future_field: 1 },
              data: [{ refId: 'A', datasourceUid: 'u', model: { anything: { goes: 1 } } }],
            },
          ],
        },
      ],
    });
    expect(undeclaredFields(byKind(ctx, 'GrafanaAlertRuleGroup')[0]!)).toEqual([
      'spec.rules[0].notification_settings.future_field',
    ]);
  });

  it('parses matchers as Alertmanager writes them', () => {
    expect(parseMatcher('alertname = Watchdog')).toEqual(['alertname', '=', 'Watchdog']);
    expect(parseMatcher('severity =~ "warning|critical"')).toEqual(['severity', '=~', 'warning|critical']);
    expect(parseMatcher('a!="b"')).toEqual(['a', '!=', 'b']);
    expect(parseMatcher('nonsense')).toBeUndefined();
  });
});
