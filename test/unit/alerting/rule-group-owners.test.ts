import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { GrafanaInstance } from '../../../src/api/generated/index.js';
import { RuleGroupOwners } from '../../../src/alerting/rule-group-owners.js';
import type { Informer, InformerEvent } from '../../../src/runtime/informer.js';
import type { KubeClient } from '../../../src/runtime/kube/client.js';
import type { KubeObject, ResourceType } from '../../../src/runtime/kube/types.js';

describe('RuleGroupOwners', () => {
  const resource = (kind: string): ResourceType => ({
    group: 'g',
    version: 'v1',
    plural: kind.toLowerCase(),
    kind,
    namespaced: true,
  });
  const groupKind = resource('GrafanaAlertRuleGroup');
  const ruleKind = resource('GrafanaAlertRule');
  let objects: Map<
    string,
    KubeObject & { spec: { instanceSelector: { matchLabels?: Record<string, string> } } }
  >;
  let handlers: Array<(event: InformerEvent<KubeObject>) => void>;
  let owners: RuleGroupOwners;
  let requeued: string[];

  beforeEach(() => {
    objects = new Map();
    handlers = [];
    requeued = [];
    const kube = {
      find: jest.fn(async (type: ResourceType, namespace: string, name: string) =>
        objects.get(`${type.kind}/${namespace}/${name}`),
      ),
    } as unknown as KubeClient;
    const instance = {
      metadata: { name: 'main', namespace: 'ns', labels: { grafana: 'main' } },
    } as unknown as GrafanaInstance;
    const instances = {
      get: (key: string) => (key === 'ns/main' ? instance : undefined),
    } as unknown as Informer<GrafanaInstance>;
    owners = new RuleGroupOwners(kube, instances);
    const informer = {
      on: (handler: (event: InformerEvent<KubeObject>) => void) => handlers.push(handler),
    } as unknown as Informer<KubeObject>;
    owners.connect(groupKind, informer, (key) => requeued.push(`group ${key}`));
    owners.connect(ruleKind, informer, (key) => requeued.push(`rule ${key}`));
  });

  const exists = (kind: ResourceType, name: string, labels = { grafana: 'main' }) =>
    objects.set(`${kind.kind}/ns/${name}`, {
      metadata: { name, namespace: 'ns' },
      spec: { instanceSelector: { matchLabels: labels } },
    });
  const groupOwner = (name: string) => ({ kind: groupKind.kind, namespace: 'ns', name });
  const ruleOwner = (name: string) => ({ kind: ruleKind.kind, namespace: 'ns', name });

  it('reports a group claimed by both kinds to both, requeues the first, and frees both when one goes', async () => {
    exists(groupKind, 'team');
    exists(ruleKind, 'cpu');
    exists(ruleKind, 'disk');
    expect(
      await owners.place(groupOwner('team'), 'ns/main', { folderUid: 'f', group: 'G', ruleUids: ['a'] }),
    ).toEqual([]);
    // Single rules may share a group with each other.
    expect(
      await owners.place(ruleOwner('disk'), 'ns/main', { folderUid: 'f', group: 'H', ruleUids: ['disk'] }),
    ).toEqual([]);
    expect(
      await owners.place(ruleOwner('cpu'), 'ns/main', { folderUid: 'f', group: 'H', ruleUids: ['cpu'] }),
    ).toEqual([]);
    requeued = [];
    const clash = await owners.place(ruleOwner('cpu'), 'ns/main', {
      folderUid: 'f',
      group: 'G',
      ruleUids: ['cpu'],
    });
    expect(clash).toEqual([{ owner: groupOwner('team'), what: 'rule group "G" in folder f' }]);
    expect(requeued.sort()).toEqual(['group ns/team', 'rule ns/disk']);
    expect(
      await owners.place(groupOwner('team'), 'ns/main', { folderUid: 'f', group: 'G', ruleUids: ['a'] }),
    ).toEqual([{ owner: ruleOwner('cpu'), what: 'rule group "G" in folder f' }]);
    expect(owners.claimants('ns/main', 'f', 'G')).toHaveLength(2);

    requeued = [];
    objects.delete('GrafanaAlertRule/ns/cpu');
    for (const handler of handlers)
      handler({ type: 'delete', key: 'ns/cpu', object: { metadata: { name: 'cpu', namespace: 'ns' } } });
    expect(requeued).toContain('group ns/team');
    expect(
      await owners.place(groupOwner('team'), 'ns/main', { folderUid: 'f', group: 'G', ruleUids: ['a'] }),
    ).toEqual([]);
  });

  it('reports a rule uid used by both kinds, and forgets claims of objects gone or no longer selecting the instance', async () => {
    exists(groupKind, 'team');
    exists(ruleKind, 'cpu', { grafana: 'other' });
    await owners.place(ruleOwner('cpu'), 'ns/main', { folderUid: 'f', group: 'H', ruleUids: ['a'] });
    // cpu no longer selects ns/main: its claim lapses when checked.
    expect(
      await owners.place(groupOwner('team'), 'ns/main', { folderUid: 'f', group: 'G', ruleUids: ['a'] }),
    ).toEqual([]);
    exists(ruleKind, 'cpu');
    await owners.place(ruleOwner('cpu'), 'ns/main', { folderUid: 'f', group: 'H', ruleUids: ['a'] });
    expect(
      await owners.place(groupOwner('team'), 'ns/main', { folderUid: 'f', group: 'G', ruleUids: ['a'] }),
    ).toEqual([{ owner: ruleOwner('cpu'), what: 'alert rule uid "a"' }]);
    objects.delete('GrafanaAlertRule/ns/cpu');
    expect(
      await owners.place(groupOwner('team'), 'ns/main', { folderUid: 'f', group: 'G', ruleUids: ['a'] }),
    ).toEqual([]);
    // Released, e.g. while waiting for its folder: nobody claims the group then.
    owners.release(groupOwner('team'), 'ns/main');
    expect(owners.claimants('ns/main', 'f', 'G')).toEqual([]);
  });
});
