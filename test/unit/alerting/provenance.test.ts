import { describe, expect, it } from '@jest/globals';
import {
  foreignRuleConflict,
  isForeignManaged,
  notOursMessage,
  refuseForeignManaged,
  refuseForeignRuleGroup,
  switchesToNone,
  wantedProvenance,
} from '../../../src/alerting/provenance.js';

describe('provenance verdicts', () => {
  it('a write records api, or none with editableInGrafana', () => {
    expect(wantedProvenance(false)).toBe('api');
    expect(wantedProvenance(true)).toBe('');
  });

  it('file and converted_prometheus belong to another manager; none and api do not', () => {
    expect(isForeignManaged('file')).toBe(true);
    expect(isForeignManaged('converted_prometheus')).toBe(true);
    expect(isForeignManaged('api')).toBe(false);
    expect(isForeignManaged('')).toBe(false);
    expect(isForeignManaged(undefined)).toBe(false);
  });

  it('only a switch from a provenance to none needs the resource written again from scratch', () => {
    expect(switchesToNone('api', true)).toBe(true);
    expect(switchesToNone('api', false)).toBe(false);
    expect(switchesToNone('', true)).toBe(false);
    expect(switchesToNone(undefined, true)).toBe(false);
  });
});

describe('provenance conflicts', () => {
  it('refuses a resource of another manager, naming it', () => {
    expect(() => refuseForeignManaged('mute timing "nights"', { provenance: 'api' })).not.toThrow();
    expect(() => refuseForeignManaged('mute timing "nights"', {})).not.toThrow();
    expect(() => refuseForeignManaged('mute timing "nights"', { provenance: 'file' })).toThrow(
      `mute timing "nights" is managed by Grafana's provisioning files (provenance file) and cannot be managed through the API, even with spec.adopt; remove it from there, or choose another name`,
    );
    expect(() => refuseForeignManaged('x', { provenance: 'converted_prometheus' })).toThrow(
      /^x is managed by another source \(provenance converted_prometheus\)/,
    );
  });

  it('a resource this object did not create is said to be so, pointing at spec.adopt', () => {
    expect(notOursMessage('notification template group "t"', 'api')).toBe(
      'notification template group "t" already exists in Grafana (provenance api) and was not created by this object; set spec.adopt: true to take it over',
    );
    expect(notOursMessage('x', '')).toBe(
      'x already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    );
  });
});

describe('rules of another manager', () => {
  const rule = (title: string, provenance?: string) => ({
    uid: title.toLowerCase(),
    title,
    provenance,
    folderUID: 'f',
    ruleGroup: 'g',
  });

  it('a single rule: a Conflict saying where it comes from', () => {
    expect(foreignRuleConflict(rule('Up', 'file')).message).toBe(
      `alert rule up ("Up") is provisioned from files in Grafana: Grafana's provisioning API may not change it, so this object can neither manage nor adopt it; remove it from Grafana's provisioning files, or give this object another uid`,
    );
    expect(foreignRuleConflict(rule('Up', 'converted_prometheus')).message).toMatch(
      /^alert rule up \("Up"\) is managed elsewhere \(provenance "converted_prometheus"\) in Grafana:/,
    );
  });

  it('a group: refused when any rule is foreign, naming those rules', () => {
    const group = (rules: ReturnType<typeof rule>[]) =>
      ({ title: 'g', folderUid: 'f', interval: 60, rules }) as unknown as Parameters<
        typeof refuseForeignRuleGroup
      >[0];
    expect(() => refuseForeignRuleGroup(group([rule('A', 'api'), rule('B')]))).not.toThrow();
    expect(() => refuseForeignRuleGroup(group([rule('A', 'api'), rule('B', 'file')]))).toThrow(
      /^rule group "g" in folder f is provisioned from files in Grafana \(rules "B"\): Grafana's provisioning API may not change such rules/,
    );
    expect(() =>
      refuseForeignRuleGroup(group([rule('A', 'file'), rule('B', 'converted_prometheus')])),
    ).toThrow(
      /is managed elsewhere \(provenance "file", "converted_prometheus"\) in Grafana \(rules "A", "B"\)/,
    );
  });
});
