import { describe, expect, it } from '@jest/globals';
import type { DesiredRuleGroup } from '../../../src/alerting/rule-group.js';
import {
  refuseGroupManagedWhole,
  refuseReplacingSingleRules,
} from '../../../src/alerting/rule-write-guards.js';
import type { AlertRuleGroup, ProvisionedAlertRule } from '../../../src/grafana/index.js';
import type { KubeClient } from '../../../src/runtime/kube/client.js';
import type { ResourceType } from '../../../src/runtime/kube/types.js';

interface Entry {
  name: string;
  uid?: string;
  appliedHash?: string;
}

/** A namespace whose objects of each kind have these status entries (and maybe a deletionTimestamp). */
const namespace = (objects: Record<string, { name: string; instances: Entry[]; deleting?: boolean }[]>) => ({
  namespace: 'ns',
  kube: {
    list: async (resource: ResourceType) => ({
      items: (objects[resource.kind] ?? []).map((o) => ({
        metadata: { name: o.name, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
        status: { instances: o.instances },
      })),
    }),
  } as unknown as KubeClient,
});

describe('refuseGroupManagedWhole', () => {
  const where = { folderUid: 'f1', group: 'G' };

  it('refuses a group a GrafanaAlertRuleGroup last wrote on the instance, naming it', async () => {
    const context = namespace({
      GrafanaAlertRuleGroup: [
        { name: 'team', instances: [{ name: 'main', uid: 'f1/G', appliedHash: 'h' }] },
        { name: 'other', instances: [{ name: 'main', uid: 'f1/H', appliedHash: 'h' }] },
      ],
    });
    await expect(refuseGroupManagedWhole(context, 'main', where)).rejects.toMatchObject({
      reason: 'Conflict',
      message: expect.stringContaining(
        'rule group "G" in folder f1 is managed whole by GrafanaAlertRuleGroup ns/team, which would delete this rule',
      ),
    });
  });

  it('lets pass groups written elsewhere, not yet written, or whose object is being deleted', async () => {
    const context = namespace({
      GrafanaAlertRuleGroup: [
        { name: 'elsewhere', instances: [{ name: 'other', uid: 'f1/G', appliedHash: 'h' }] },
        { name: 'unwritten', instances: [{ name: 'main', uid: 'f1/G' }] },
        { name: 'going', deleting: true, instances: [{ name: 'main', uid: 'f1/G', appliedHash: 'h' }] },
      ],
    });
    await expect(refuseGroupManagedWhole(context, 'main', where)).resolves.toBeUndefined();
  });
});

describe('refuseReplacingSingleRules', () => {
  const desired = { folderUid: 'f1', group: 'G', rules: [{ uid: 'a' }] } as DesiredRuleGroup;
  const current = (...uids: string[]) =>
    ({
      title: 'G',
      folderUid: 'f1',
      rules: uids.map((uid) => ({ uid }) as ProvisionedAlertRule),
    }) as AlertRuleGroup;
  const context = namespace({
    GrafanaAlertRule: [
      { name: 'cpu', instances: [{ name: 'main', uid: 'cpu', appliedHash: 'h' }] },
      { name: 'a', instances: [{ name: 'main', uid: 'a', appliedHash: 'h' }] },
    ],
  });

  it('refuses when a rule the spec does not list is one a GrafanaAlertRule wrote', async () => {
    await expect(
      refuseReplacingSingleRules(context, 'main', desired, current('a', 'cpu')),
    ).rejects.toMatchObject({
      reason: 'Conflict',
      message: expect.stringContaining('rule group "G" in folder f1 holds rules of GrafanaAlertRule ns/cpu'),
    });
  });

  it("lets pass the group's own rules and rules no GrafanaAlertRule wrote on the instance", async () => {
    await expect(
      refuseReplacingSingleRules(context, 'main', desired, current('a', 'hand')),
    ).resolves.toBeUndefined();
    await expect(
      refuseReplacingSingleRules(context, 'other', desired, current('cpu')),
    ).resolves.toBeUndefined();
  });
});
