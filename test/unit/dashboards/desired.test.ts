import { describe, expect, it } from '@jest/globals';
import { appliedMessage, prepareContent } from '../../../src/dashboards/desired.js';
import { nodeExporter, prepared } from './dashboards.js';

describe('prepareContent: the JSON a GrafanaDashboard sends', () => {
  /** Datasource names of an instance, counting how often they are asked for. */
  const names = (byName: Record<string, string>) => {
    const counter = {
      asked: 0,
      instance: 'main',
      uidsByName: async () => {
        counter.asked++;
        return new Map(Object.entries(byName));
      },
    };
    return counter;
  };
  const content = { text: nodeExporter(), source: 'spec.json' };

  it('maps inputs by uid without asking the instance, and by name through its datasources', async () => {
    const byUid = names({});
    const mappedByUid = await prepareContent(
      content,
      { datasources: [{ inputName: 'DS_PROMETHEUS', datasourceUid: 'prom-uid' }] },
      byUid,
    );
    expect(byUid.asked).toBe(0);
    expect(mappedByUid).toEqual({
      dashboard: prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' }),
      jsonUid: { value: 'node-host-overview', source: 'spec.json' },
      editable: false,
    });
    const byName = names({ Prometheus: 'prom-uid' });
    const mappedByName = await prepareContent(
      content,
      {
        datasources: [{ inputName: 'DS_PROMETHEUS', datasourceName: 'Prometheus' }],
        editableInGrafana: true,
      },
      byName,
    );
    expect(byName.asked).toBe(1);
    expect(mappedByName).toMatchObject({
      dashboard: prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' }, true),
      editable: true,
    });
  });

  it('a mapping that names no input is InvalidSpec before any name is looked up; a missing name waits', async () => {
    const instance = names({});
    await expect(
      prepareContent(
        content,
        { datasources: [{ inputName: 'DS_TYPO', datasourceName: 'Prometheus' }] },
        instance,
      ),
    ).rejects.toMatchObject({ reason: 'InvalidSpec', message: expect.stringContaining('"DS_TYPO"') });
    expect(instance.asked).toBe(0);
    await expect(
      prepareContent(
        content,
        { datasources: [{ inputName: 'DS_PROMETHEUS', datasourceName: 'Prometheus' }] },
        instance,
      ),
    ).rejects.toMatchObject({
      reason: 'DependencyNotReady',
      message: expect.stringContaining('GrafanaInstance main'),
    });
  });

  it("offers the JSON's uid as it came, and names the object in the version message", async () => {
    const text = JSON.stringify({ uid: ' hosts ', title: 'Hosts', panels: [] });
    const withUid = await prepareContent({ text, source: 'ConfigMap "d" key "k"' }, {}, names({}));
    expect(withUid.jsonUid).toEqual({ value: 'hosts', source: 'ConfigMap "d" key "k"' });
    expect(withUid.dashboard).not.toHaveProperty('uid');
    expect(appliedMessage('ns', 'hosts')).toBe('Applied by grafana-provisioning-operator from ns/hosts');
  });
});
