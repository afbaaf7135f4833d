import { describe, expect, it } from '@jest/globals';
import { buildRule } from '../../../src/alerting/alert-rule-model.js';
import {
  diffRuleGroup,
  intervalSeconds,
  ruleUids,
  type DesiredRuleGroup,
  type ObservedRuleGroup,
} from '../../../src/alerting/rule-group.js';
import type { AlertRuleGroup, ProvisionedAlertRule } from '../../../src/grafana/index.js';
import { resolve, testApi1 } from './rule-fixtures.js';

describe('diffRuleGroup', () => {
  const group = async (
    editable = false,
  ): Promise<{ desired: DesiredRuleGroup; observed: ObservedRuleGroup }> => {
    const a = await buildRule({ ...testApi1(), title: 'A' }, 'a', resolve);
    const b = await buildRule({ ...testApi1(), title: 'B' }, 'b', resolve);
    const asStored = (rule: typeof a): ProvisionedAlertRule =>
      ({
        ...rule,
        id: 1,
        orgID: 1,
        folderUID: 'f1',
        ruleGroup: 'G',
        updated: '',
        provenance: editable ? undefined : 'api',
      }) as ProvisionedAlertRule;
    const observed: AlertRuleGroup = {
      title: 'G',
      folderUid: 'f1',
      interval: 60,
      rules: [asStored(a), asStored(b)],
    };
    return {
      desired: {
        folderUid: 'f1',
        group: 'G',
        intervalSeconds: 60,
        rules: [a, b],
        editable,
      },
      observed: { group: observed },
    };
  };

  it('is empty for the stored group and names interval, order, added and deleted rules and provenance', async () => {
    const { desired, observed } = await group();
    expect(diffRuleGroup(desired, observed)).toEqual([]);
    const [a, b] = observed.group.rules as [ProvisionedAlertRule, ProvisionedAlertRule];
    const other = { ...a, uid: 'hand', title: 'Hand-made', provenance: undefined };
    expect(
      diffRuleGroup(desired, {
        ...observed,
        group: { ...observed.group, interval: 120, rules: [b, { ...a, provenance: undefined }, other] },
      }),
    ).toEqual(['provenance', 'interval', 'rules["Hand-made"] (added)', 'rules (order)']);
    expect(diffRuleGroup(desired, { ...observed, group: { ...observed.group, rules: [a] } })).toEqual([
      'rules["B"] (deleted)',
    ]);
  });

  it('with editableInGrafana, counts only a provenance other than none', async () => {
    const { desired, observed } = await group(true);
    const [a] = observed.group.rules as [ProvisionedAlertRule];
    expect(
      diffRuleGroup(desired, {
        ...observed,
        group: { ...observed.group, interval: 300, rules: [{ ...a, for: '1h' }] },
      }),
    ).toEqual([]);
    expect(
      diffRuleGroup(desired, {
        ...observed,
        group: { ...observed.group, rules: [{ ...a, provenance: 'api' }] },
      }),
    ).toEqual(['provenance']);
  });
});

describe('intervalSeconds', () => {
  it('takes 1m by default and Go or Prometheus spellings of multiples of 10s', () => {
    expect(intervalSeconds(undefined)).toBe(60);
    expect(intervalSeconds('10s')).toBe(10);
    expect(intervalSeconds('1m30s')).toBe(90);
    expect(intervalSeconds('5m')).toBe(300);
  });

  it("refuses what Grafana's 10-second tick cannot evaluate", () => {
    for (const text of ['15s', '0s', '500ms', 'often'])
      expect(() => intervalSeconds(text)).toThrow(
        `spec.interval "${text}" must be a positive multiple of 10s`,
      );
  });
});

describe('ruleUids', () => {
  it("keeps a spec's uid and derives the others from the object's uid and the title", () => {
    const uids = ruleUids([{ title: 'CPU', uid: 'cpu' }, { title: 'Disk full' }], 'object-uid');
    expect(uids[0]).toBe('cpu');
    expect(uids[1]).toMatch(/^Disk-full-[0-9a-f]{8}$/);
    expect(ruleUids([{ title: 'Disk full' }], 'other-object')[0]).not.toBe(uids[1]);
  });

  it('refuses two rules with one uid, saying whether the titles or the uids are the same', () => {
    expect(() => ruleUids([{ title: 'A' }, { title: 'B' }, { title: 'A' }], 'o')).toThrow(
      'spec.rules[2] ("A") has the same title as spec.rules[0] ("A"); give one of them a uid',
    );
    expect(() =>
      ruleUids(
        [
          { title: 'A', uid: 'x' },
          { title: 'B', uid: 'x' },
        ],
        'o',
      ),
    ).toThrow('spec.rules[1] ("B") has the same uid "x" as spec.rules[0] ("A")');
  });
});
