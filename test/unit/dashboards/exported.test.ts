import { describe, expect, it } from '@jest/globals';
import { inputsOf, inputValues, mappedDatasources } from '../../../src/dashboards/inputs.js';
import { parseDashboard } from '../../../src/dashboards/parse.js';
import { prepareDashboard } from '../../../src/dashboards/prepare.js';
import type { JsonObject } from '../../../src/lib/json.js';
import { apiserver, nodeExporter, objectError, prepared, serviceLogs } from './dashboards.js';

describe('dashboard content: exported dashboards', () => {
  it('parses an export for sharing and reads its inputs', () => {
    const parsed = parseDashboard(nodeExporter(), 'spec.json');
    expect(parsed).toMatchObject({ title: 'Node Exporter / Host Overview', schemaVersion: 39, version: 7 });
    expect(inputsOf(parsed, 'spec.json')).toEqual([
      { name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' },
    ]);
    const logs = inputsOf(parseDashboard(serviceLogs(), 'spec.json'), 'spec.json');
    expect(logs.map((i) => [i.name, i.type, i.value])).toEqual([
      ['DS_LOKI', 'datasource', undefined],
      ['DS_PROMETHEUS', 'datasource', undefined],
      ['VAR_CLUSTER', 'constant', 'prod-eu-1'],
    ]);
  });

  it('substitutes every ${INPUT} (targets, templating, annotations, collapsed rows) and nothing else', () => {
    const out = prepared(serviceLogs(), { DS_LOKI: 'loki-uid', DS_PROMETHEUS: 'prom-uid' });
    const text = JSON.stringify(out);
    expect(text).not.toContain('${DS_');
    expect(text).not.toContain('${VAR_CLUSTER}');
    const panels = out.panels as JsonObject[];
    expect(panels[1]).toMatchObject({ datasource: { type: 'loki', uid: 'loki-uid' } });
    expect((panels[2]!.targets as JsonObject[])[0]!.expr).toBe(
      '{cluster="prod-eu-1", namespace="$namespace"} |~ "$search"',
    );
    const annotations = (out.annotations as { list: JsonObject[] }).list;
    expect(annotations[1]!.datasource).toEqual({ type: 'loki', uid: 'loki-uid' });
    // Grafana's own variables and macros stay as they are.
    expect(text).toContain('[$__auto]');
    expect(text).toContain('$namespace');

    const hosts = prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' });
    const collapsed = (hosts.panels as JsonObject[]).find((p) => p.title === 'Disk I/O')!;
    expect(collapsed.datasource).toEqual({ type: 'prometheus', uid: 'prom-uid' });
    const nested = (collapsed.panels as JsonObject[])[0]!;
    expect((nested.targets as JsonObject[])[0]!.datasource).toEqual({ type: 'prometheus', uid: 'prom-uid' });
    const templating = (hosts.templating as { list: JsonObject[] }).list;
    expect(templating[0]!.datasource).toEqual({ type: 'prometheus', uid: 'prom-uid' });
  });

  it('prepares the dashboard without the export keys and the source id/version/uid, with the editable flag', () => {
    const out = prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' });
    // The uid is the object's, put in when it is written (see the uid choice below).
    for (const key of ['__inputs', '__requires', '__elements', 'id', 'version', 'uid'])
      expect(out).not.toHaveProperty(key);
    expect(out).toMatchObject({
      editable: false,
      title: 'Node Exporter / Host Overview',
      schemaVersion: 39,
      iteration: 1712134587123,
      refresh: '1m',
    });
    expect(prepared(apiserver(), {}, true)).toMatchObject({ editable: true });
    expect(prepared(apiserver(), {})).not.toHaveProperty('id');
    const titled = prepareDashboard({ title: '  Padded  ' }, { editable: false });
    expect(titled.title).toBe('Padded');
  });

  it('names the inputs that have no datasource, and mappings that name no input', () => {
    const parsed = parseDashboard(serviceLogs(), 'spec.json');
    const inputs = inputsOf(parsed, 'spec.json');
    const missing = objectError(() => inputValues(inputs, new Map(), 'spec.json'));
    expect(missing.reason).toBe('InvalidSpec');
    expect(missing.message).toBe(
      "the dashboard's inputs DS_LOKI (loki) and DS_PROMETHEUS (prometheus) have no datasource; map them in spec.datasources (inputName with datasourceUid or datasourceName)",
    );
    const one = objectError(() => inputValues(inputs, new Map([['DS_LOKI', 'l']]), 'spec.json'));
    expect(one.message).toMatch(/^the dashboard's input DS_PROMETHEUS \(prometheus\) has no datasource/);
    const typo = objectError(() =>
      inputValues(
        inputs,
        new Map([
          ['DS_LOKI', 'l'],
          ['DS_PROM', 'p'],
        ]),
        'ConfigMap logs (key dashboard.json)',
      ),
    );
    expect(typo.message).toBe(
      'spec.datasources names "DS_PROM", which ConfigMap logs (key dashboard.json) does not declare in __inputs (it declares DS_LOKI, DS_PROMETHEUS and VAR_CLUSTER)',
    );
    const none = objectError(() => inputValues([], new Map([['DS_X', 'x']]), 'spec.json'));
    expect(none.message).toContain('(it declares no inputs)');
  });
});

describe('mappedDatasources', () => {
  it('takes uids as they are and looks names up once, only when a name is used', async () => {
    let lookups = 0;
    const byName = async () => {
      lookups++;
      return new Map([['Prometheus', 'prom-uid']]);
    };
    expect(
      await mappedDatasources([{ inputName: 'DS_LOKI', datasourceUid: 'loki-uid' }], byName, 'main'),
    ).toEqual(new Map([['DS_LOKI', 'loki-uid']]));
    expect(lookups).toBe(0);
    const mapped = await mappedDatasources(
      [
        { inputName: 'DS_PROMETHEUS', datasourceName: 'Prometheus' },
        { inputName: 'DS_OTHER', datasourceName: 'Prometheus' },
      ],
      byName,
      'main',
    );
    expect(mapped).toEqual(
      new Map([
        ['DS_PROMETHEUS', 'prom-uid'],
        ['DS_OTHER', 'prom-uid'],
      ]),
    );
    expect(lookups).toBe(1);
  });

  it('waits for a datasource name the instance does not have (DependencyNotReady)', async () => {
    const error = await mappedDatasources(
      [{ inputName: 'DS_LOKI', datasourceName: 'Loki' }],
      async () => new Map(),
      'main',
    ).catch((err: unknown) => err);
    expect(error).toMatchObject({
      reason: 'DependencyNotReady',
      message: 'waiting for a datasource named "Loki" (input DS_LOKI) in GrafanaInstance main',
    });
  });
});
